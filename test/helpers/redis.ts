import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { freePort } from './freePort.js';

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

/** Whether Debian's redis-server is installed (.ci/run installs it, so in CI its absence is a failure). */
export const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis && process.env.CI) throw new Error('redis-server is not installed, and CI must test with it');
if (!hasRedis) {
  process.stderr.write(
    '\n\n!!! redis-server is not installed: the Redis tests are SKIPPED. Install it (apt-get install -y redis-server); .ci/run does.\n\n',
  );
}

/** A redis-server of the test's own on a free loopback port, nothing saved to disk. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
