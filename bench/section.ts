// What a section of `npm run bench` is, and the helpers sections share: running a load generator in a process of
// its own and starting a server to measure. A section lives in its own file and is listed once in run.ts.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLE_SETTINGS, REQUIRE_SHIM } from '../scripts/bundleSettings.mjs';
import { packageFile } from '../src/paths.js';

export interface BenchContext {
  /** `npm run bench -- --quick`: fewer rounds and calls, for a smoke run. */
  quick: boolean;
  /** The loopback Chatwoot stub (bench/stub.ts), running in its own process. */
  stubUrl: string;
  /** Bundled scripts: `server` is dist/cli.js; the rest are bench/*.ts entry points built into bench/.build/. */
  script: typeof benchScript;
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

const BUILD_DIR = packageFile('bench/.build');
const ENTRY_POINTS = { oneTool: 'oneToolServer', loadStdio: 'loadStdio', loadHttp: 'loadHttp', stub: 'stub' };

/** The baseline, the stub and the load generators, bundled with the same settings as dist/cli.js. */
export async function buildBenchScripts(): Promise<void> {
  await build({
    ...BUNDLE_SETTINGS,
    entryPoints: Object.values(ENTRY_POINTS).map((name) => packageFile(`bench/${name}.ts`)),
    outdir: BUILD_DIR,
    banner: { js: REQUIRE_SHIM },
  });
}

/** A bundled script: `server` is dist/cli.js (built by `npm run build`), the rest come from buildBenchScripts. */
export function benchScript(name: keyof typeof ENTRY_POINTS | 'server'): string {
  return name === 'server' ? packageFile('dist/cli.js') : join(BUILD_DIR, `${ENTRY_POINTS[name]}.js`);
}

/** The loopback Chatwoot stub in its own process. */
export function startStub(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [benchScript('stub')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) =>
    child.stdout
      .setEncoding('utf8')
      .once('data', (line: string) => resolve({ url: line.trim(), stop: () => child.kill() })),
  );
}

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
