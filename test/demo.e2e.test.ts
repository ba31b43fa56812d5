import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { packageFile } from '../src/paths.js';

describe('npm run demo', () => {
  it('runs the flagship flow against the sandbox and ends by saying what to do next', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', packageFile('scripts/demo.ts')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('→ client_create_message');
    expect(run.stdout).not.toContain('✗');
    expect(run.stdout).toMatch(/"status":"resolved"/);
    expect(run.stdout).toContain('What next:');
  });
});
