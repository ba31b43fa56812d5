import { type ChildProcess, spawn } from 'node:child_process';
import { capture, registerSecrets } from './canary.js';
import { CLI } from './mcpClient.js';

export interface HttpProcess {
  url: string;
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/**
 * Starts the built server with --transport http on a free port and waits until it says where it listens. Its log
 * is captured for the final canary check.
 */
export async function startHttpProcess(
  env: Record<string, string>,
  args: string[] = [],
): Promise<HttpProcess> {
  registerSecrets(env);
  const child = spawn(process.execPath, [CLI, '--transport', 'http', '--port', '0', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      stderr += text;
      capture('http server stderr', text);
      const match = /waiting for MCP clients at (http:\/\/[^\s]+)\/mcp/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    child,
    stderr: () => stderr,
    exited,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** A port nothing listens on (it was free a moment ago): connections to it are refused. */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
