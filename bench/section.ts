// What a section of `npm run bench` is, and the helpers sections share: running a load generator in a process of
// its own and starting a server to measure. A section lives in its own file and is listed once in run.ts.
import { type ChildProcess, spawn } from 'node:child_process';
import { packageFile } from '../src/paths.js';

export interface BenchContext {
  /** `npm run bench -- --quick`: fewer rounds and calls, for a smoke run. */
  quick: boolean;
  /** The loopback Chatwoot stub (bench/stub.ts), running in its own process. */
  stubUrl: string;
  /** Bundled scripts: `server` is dist/cli.js; the rest are bench/*.ts entry points built into bench/.build/. */
  script: (name: 'server' | 'oneTool' | 'loadStdio' | 'loadHttp') => string;
  /** The environment every chatwoot-mcp process of the bench gets (and the one-tool server reads). */
  env: Record<string, string>;
}

/** A figure held against the goal it is measured for; a row that misses says so. */
export interface Check {
  measure: string;
  figure: string;
  target: string;
  met: boolean;
}

export interface SectionReport {
  checks?: Check[];
  /** Markdown, starting with its own `## ` heading. */
  lines: string[];
}

export interface Section {
  name: string;
  run(context: BenchContext): Promise<SectionReport>;
}

export const BUILD_DIR = packageFile('bench/.build');

/** Runs a bundled load generator with one JSON job and returns the JSON line it prints. */
export function runJob<T>(script: string, job: object): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, JSON.stringify(job)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out) as T);
      else reject(new Error(`${script} exited with ${code}: ${err.slice(-2000)}`));
    });
  });
}

/**
 * Spawns a server and waits for the URL it prints on stderr (matched by `pattern`'s first group); the rest of
 * its stderr (request logs) is read and dropped, as a log collector would.
 */
export function startServer(
  script: string,
  args: string[],
  env: Record<string, string>,
  pattern: RegExp,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    const onData = (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const url = pattern.exec(stderr)?.[1];
      if (url) {
        child.stderr?.off('data', onData);
        child.stderr?.resume();
        resolve({ url, child });
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${stderr.slice(-2000)}`)));
  });
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
