// The size of what users install: the npm tarball, and node_modules after installing it into an empty directory
// the way `npx -y chatwoot-openapi-mcp` does. Bytes do not depend on the machine, so no baseline run is needed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packPackage } from '../scripts/pack.js';

function bytesUnder(folder: string): number {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => statSync(join(folder, name)))
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + entry.size, 0);
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export function packageSizeReport(): string[] {
  const work = mkdtempSync(join(tmpdir(), 'chatwoot-mcp-size-'));
  try {
    const packed = packPackage(work);
    const project = join(work, 'project');
    spawnSync('npm', [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--prefix',
      project,
      packed.file,
    ]);
    const modules = join(project, 'node_modules');
    // Every package in the installed tree, ours included (the first line is the project itself).
    const listed = spawnSync('npm', ['ls', '--all', '--parseable', '--prefix', project], {
      encoding: 'utf8',
    });
    const installed = listed.stdout.trim().split('\n').length - 1;
    return [
      '## Size of the npm package',
      '',
      '`npm pack` of the build, and `node_modules` after installing that tarball into an empty directory (what',
      '`npx -y chatwoot-openapi-mcp` fetches). Before the bundle carried its libraries and the tokenizer left it',
      '(main at f3d7d95): 1476.4 kB packed, 4284.1 kB unpacked, and 22013.4 kB in 100 packages installed.',
      '',
      '| packed tarball | unpacked | files | installed (node_modules) | packages installed |',
      '| --- | --- | --- | --- | --- |',
      `| ${kB(packed.size)} | ${kB(packed.unpackedSize)} | ${packed.files.length} | ${kB(bytesUnder(modules))} | ${installed} |`,
      '',
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
