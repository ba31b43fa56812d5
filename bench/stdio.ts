// Cold start and per-call cost over stdio, against a bundled one-tool McpServer that makes the same Chatwoot call
// with a plain fetch. Every figure comes from a load generator process of its own (bench/loadStdio.ts).
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import type { CallsOutcome, StartsOutcome, StdioJob, StdioServer } from './loadStdio.js';
import { runJob, type Section } from './section.js';
import { fixed, median, percentile, spread } from './stats.js';

const CALL = { name: 'get_label', arguments: { account_id: 1, label_id: 7 } };

export const stdioSection: Section = {
  name: 'stdio',
  async run(context) {
    const rounds = context.quick ? 2 : 5;
    const starts = context.quick ? 4 : 21;
    const calls = context.quick ? 300 : 2000;
    const servers: StdioServer[] = [
      { name: 'server', script: context.script('server'), env: context.env },
      { name: 'oneTool', script: context.script('oneTool'), env: context.env },
    ];

    const cold = await runJob<StartsOutcome>(context.script('loadStdio'), {
      kind: 'starts',
      servers,
      rounds: starts,
    } satisfies StdioJob);
    const startRatio = median(cold.ms.server ?? []) / median(cold.ms.oneTool ?? []);

    // Rounds alternate which server goes first; each round spawns both afresh.
    const perRound: { server: CallsOutcome; oneTool: CallsOutcome }[] = [];
    for (let round = 0; round < rounds; round++) {
      const outcomes: Partial<Record<'server' | 'oneTool', CallsOutcome>> = {};
      for (const server of round % 2 === 0 ? servers : [...servers].reverse()) {
        outcomes[server.name as 'server' | 'oneTool'] = await runJob<CallsOutcome>(
          context.script('loadStdio'),
          {
            kind: 'calls',
            server,
            call: CALL,
            warmup: context.quick ? 100 : 500,
            calls,
            lists: server.name === 'server' && round === 0 ? (context.quick ? 20 : 200) : 0,
          } satisfies StdioJob,
        );
      }
      perRound.push(outcomes as { server: CallsOutcome; oneTool: CallsOutcome });
    }
    const medians = (which: 'server' | 'oneTool') => perRound.map((round) => median(round[which].callMs));
    const p99s = (which: 'server' | 'oneTool') =>
      perRound.map((round) => percentile(round[which].callMs, 99));
    const cpu = (which: 'server' | 'oneTool') => perRound.map((round) => round[which].cpuMsPerCall);
    const ratios = perRound.map((round) => median(round.server.callMs) / median(round.oneTool.callMs));
    const extra = perRound.map((round) => median(round.server.callMs) - median(round.oneTool.callMs));
    const first = perRound[0] as { server: CallsOutcome };
    const tools = (JSON.parse(first.server.listing) as { tools: unknown[] }).tools.length;
    const tokens = encode(first.server.listing).length;

    const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
    return {
      checks: [
        {
          measure: 'cold start → tools/list answered, ÷ one-tool server (median)',
          figure: fixed(startRatio),
          target: '≤ 1.10',
          met: startRatio <= 1.1,
        },
        {
          measure: 'tools/call over stdio, ÷ one-tool server (median of round medians)',
          figure: spread(ratios),
          target: '≤ 1.05',
          met: median(ratios) <= 1.05,
        },
        {
          measure: 'full tools/list, o200k tokens per tool',
          figure: fixed(tokens / tools, 1),
          target: '≤ 100',
          met: tokens / tools <= 100,
        },
      ],
      lines: [
        '## stdio: cold start and per call',
        '',
        `Cold start: spawn → \`tools/list\` answered, ${starts} starts of each server, the order rotated each round.`,
        `Per call: ${rounds} rounds, each spawning both servers afresh (which one goes first alternates); per server and`,
        `round ${calls} sequential \`get_label\` calls after a warm-up, raw JSON-RPC lines from a load generator process.`,
        'Baseline: a bundled one-tool `McpServer` whose tool fetches the same label from the same stub.',
        'Figures per round are given as median (min–max over rounds).',
        '',
        '| measure | chatwoot-mcp | one-tool server | ratio |',
        '| --- | --- | --- | --- |',
        row([
          'cold start (median of all starts)',
          `${fixed(median(cold.ms.server ?? []), 0)} ms`,
          `${fixed(median(cold.ms.oneTool ?? []), 0)} ms`,
          fixed(startRatio),
        ]),
        row([
          'cold start (min–max)',
          `${fixed(Math.min(...(cold.ms.server ?? [])), 0)}–${fixed(Math.max(...(cold.ms.server ?? [])), 0)} ms`,
          `${fixed(Math.min(...(cold.ms.oneTool ?? [])), 0)}–${fixed(Math.max(...(cold.ms.oneTool ?? [])), 0)} ms`,
          '',
        ]),
        row([
          'tools/call, median',
          spread(medians('server'), 3, 'ms'),
          spread(medians('oneTool'), 3, 'ms'),
          spread(ratios),
        ]),
        row(['tools/call, p99', spread(p99s('server'), 3, 'ms'), spread(p99s('oneTool'), 3, 'ms'), '']),
        row(['added per call (median − median)', spread(extra, 3, 'ms'), '', '']),
        row([
          'server CPU per call (user + system)',
          spread(cpu('server'), 3, 'ms'),
          spread(cpu('oneTool'), 3, 'ms'),
          spread(perRound.map((round) => round.server.cpuMsPerCall / round.oneTool.cpuMsPerCall)),
        ]),
        row([
          'memory when ready (RSS, median)',
          `${fixed(median(cold.rssMiB.server ?? []), 1)} MiB`,
          `${fixed(median(cold.rssMiB.oneTool ?? []), 1)} MiB`,
          fixed(median(cold.rssMiB.server ?? []) / median(cold.rssMiB.oneTool ?? [])),
        ]),
        row([
          `memory after ${calls} calls (RSS)`,
          spread(
            perRound.map((round) => round.server.rssMiB),
            1,
            'MiB',
          ),
          spread(
            perRound.map((round) => round.oneTool.rssMiB),
            1,
            'MiB',
          ),
          '',
        ]),
        row(['repeated tools/list (median)', `${fixed(median(first.server.listMs), 3)} ms`, '', '']),
        '',
        '## Size of tools/list (every family on)',
        '',
        '| tools | bytes | o200k tokens | tokens per tool |',
        '| --- | --- | --- | --- |',
        row([
          String(tools),
          String(Buffer.byteLength(first.server.listing)),
          String(tokens),
          fixed(tokens / tools, 1),
        ]),
        '',
      ],
    };
  },
};
