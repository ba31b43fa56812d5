// A vitest globalSetup: picks this run's canary id and a capture directory before any test, and after the last
// test looks for every canary and every registered secret in all that the tests captured and in every file under
// the repository written during the run. A find fails the run.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { TestProject } from 'vitest/node';
import { packageFile } from '../../src/paths.js';

const ROOT = packageFile('');
const SKIPPED = new Set(['node_modules', '.git']);

/** Files under `dir` changed since `since` (ms), skipping dependencies and git's own files. */
function filesWrittenSince(dir: string, since: number): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : filesWrittenSince(path, since);
    return entry.isFile() && statSync(path).mtimeMs >= since ? [path] : [];
  });
}

export default function setup(project: TestProject) {
  const started = Date.now() - 1000;
  // The first 12 characters of a canary (run id) are enough to find a cut-off copy of one.
  const run = `cnry${randomBytes(8).toString('hex')}`;
  const captureDir = mkdtempSync(join(tmpdir(), 'chatwoot-mcp-capture-'));
  project.provide('canaryRun', run);
  project.provide('captureDir', captureDir);

  return () => {
    const captured = readdirSync(captureDir).map((name) => join(captureDir, name));
    const secrets = new Set(
      captured
        .filter((path) => path.includes('/secrets-'))
        .flatMap((path) => readFileSync(path, 'utf8').split('\n'))
        .filter((line) => line !== ''),
    );
    const needles = [run.slice(0, 12), ...secrets];
    const captures = captured.filter((path) => path.includes('/capture-'));
    const written = filesWrittenSince(ROOT, started);
    const findings: string[] = [];
    let bytes = 0;
    for (const [path, lookFor] of [
      ...captures.map((path) => [path, needles] as const),
      // Fixed tokens of older tests stand in their source files: in repository files, look for this run's id.
      ...written.map((path) => [path, [run.slice(0, 12)]] as const),
    ]) {
      const text = readFileSync(path, 'latin1');
      bytes += text.length;
      for (const needle of lookFor) {
        const at = text.indexOf(needle);
        if (at >= 0) {
          const where = path.startsWith(captureDir) ? 'capture' : relative(ROOT, path);
          findings.push(`${where}: …${text.slice(Math.max(0, at - 200), at + 60)}…`);
        }
      }
    }
    const summary = `canary check: ${captures.length} capture files and ${written.length} files written under the repository (${(bytes / 1e6).toFixed(1)} MB) searched for ${needles.length} secrets`;
    if (findings.length === 0) {
      process.stdout.write(`${summary}: none found\n`);
      rmSync(captureDir, { recursive: true, force: true });
      return;
    }
    // vitest reports an error thrown here but exits 0: the exit code is set explicitly.
    process.exitCode = 1;
    throw new Error(
      `${summary}: ${findings.length} found (captures kept in ${captureDir})\n${findings.join('\n')}`,
    );
  };
}
