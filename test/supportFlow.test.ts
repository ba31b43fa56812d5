import { describe, expect, it } from 'vitest';
import { runSupportFlow, SUPPORT_FLOW } from '../bench/supportFlow.js';

describe("a support agent's flow, as bench/supportFlow.ts measures it", () => {
  it('gets every step done, leaves the right end state, and costs at most 35% of the raw Chatwoot JSON', async () => {
    const run = await runSupportFlow();
    expect(run.steps.map((step) => [step.tool, step.isError])).toEqual(
      SUPPORT_FLOW.map((step) => [step.tool, false]),
    );
    expect(run.endStateProblems).toEqual([]);
    const results = run.steps.reduce((sum, step) => sum + step.resultTokens, 0);
    const raw = run.steps.reduce((sum, step) => sum + step.rawTokens, 0);
    expect(results / raw).toBeLessThanOrEqual(0.35);
  });
});
