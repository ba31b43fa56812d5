import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI } from './helpers/mcpClient.js';

describe('broken pipes', () => {
  it('exit cleanly when the client goes away and stderr is closed under the server', async () => {
    const child = spawn(process.execPath, [CLI, '--sandbox'], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'debug' },
    });
    // Whoever read stderr stops after the first line, as `| head -1` does; then the client closes stdin.
    await new Promise<void>((resolve) => child.stderr.once('data', () => resolve()));
    child.stderr.destroy();
    child.stdin.end();
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
