// `npm run bundle`: the MCP Bundle (.mcpb) a Claude Desktop user installs with a double-click. It holds exactly
// the npm package (the bundled server needs no node_modules) plus manifest.json, whose user_config asks for the
// Chatwoot address, the tokens (kept in the OS keychain) and the account, and offers the sandbox.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packExtension } from '@anthropic-ai/mcpb';
import { packageFile } from '../src/paths.js';
import { packPackage } from './pack.js';

export async function buildBundle(outputPath: string): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'chatwoot-mcp-bundle-'));
  try {
    execFileSync('tar', ['-xzf', packPackage(work).file, '-C', work]);
    const staged = join(work, 'package');
    copyFileSync(packageFile('manifest.json'), join(staged, 'manifest.json'));
    if (!(await packExtension({ extensionPath: staged, outputPath, silent: true })))
      throw new Error('mcpb pack failed: see `npx mcpb validate manifest.json`');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { version } = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };
  const output = packageFile(`chatwoot-mcp-${version}.mcpb`);
  await buildBundle(output);
  process.stdout.write(`${output}\n`);
}
