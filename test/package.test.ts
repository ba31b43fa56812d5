import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PackedPackage, packPackage } from '../scripts/pack.js';
import { packageFile } from '../src/paths.js';
import { spawnServer } from './helpers/mcpClient.js';

// What `npm publish` would upload, installed the way `npx -y chatwoot-openapi-mcp` installs it.
// 306 kB in round four, once iconv-lite's tables left the bundle: the limit leaves room to grow, not to take them back.
const SIZE_LIMIT = 400_000;
const manifest = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};
const work = mkdtempSync(join(tmpdir(), 'chatwoot-mcp-package-'));
const project = join(work, 'project');
let packed: PackedPackage;

beforeAll(() => {
  packed = packPackage(work);
  // An empty project, served from npm's cache (npm ci filled it): the package has no dependencies to fetch.
  const install = spawnSync(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--prefix', project, packed.file],
    { encoding: 'utf8' },
  );
  if (install.status !== 0) throw new Error(`npm install of the tarball failed:\n${install.stderr}`);
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Package names the bundle imports at run time: what the installed package must find in node_modules. */
function importedPackages(): Set<string> {
  const names = new Set<string>();
  const files = readdirSync(packageFile('dist'), { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.js'),
  );
  for (const file of files) {
    const code = readFileSync(packageFile(join('dist', file)), 'utf8');
    for (const [, specifier = ''] of code.matchAll(/\b(?:from|import\s*\(?)\s*"([^"]+)"/g)) {
      if (!/^(@[\w.-]+\/)?[\w.-]+(\/[\w./-]+)?$/.test(specifier) || specifier.startsWith('.')) continue;
      if (specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
      names.add(
        specifier
          .split('/')
          .slice(0, specifier.startsWith('@') ? 2 : 1)
          .join('/'),
      );
    }
  }
  return names;
}

describe('the npm package', () => {
  it('ships only what runs: the bundle and its compiled catalog, the API description, the license and the README', () => {
    const paths = packed.files.map((file) => file.path);
    for (const path of paths)
      expect(path, path).toMatch(
        /^(dist\/.+\.js|dist\/(catalog|intents|openapi)\.json|package\.json|README\.md|LICENSE)$/,
      );
    expect(paths).toEqual(
      expect.arrayContaining([
        'dist/cli.js',
        'dist/catalog.json',
        'dist/intents.json',
        'dist/openapi.json',
        'LICENSE',
        'README.md',
      ]),
    );
    expect(paths.some((path) => /o200k|tokenizer/i.test(path))).toBe(false);
  });

  it(`packs to under ${SIZE_LIMIT / 1000} kB`, () => {
    expect(packed.size).toBeGreaterThan(0);
    expect(packed.size).toBeLessThan(SIZE_LIMIT);
  });

  it('installs no dependency the bundle does not import, and the tokenizer only as an optional peer', () => {
    const optional = Object.keys(manifest.peerDependencies ?? {});
    for (const name of optional) expect(manifest.peerDependenciesMeta?.[name]?.optional, name).toBe(true);
    expect([...importedPackages()].sort()).toEqual(
      [...Object.keys(manifest.dependencies ?? {}), ...optional].sort(),
    );
    const installed = readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.'));
    expect(installed.sort()).toEqual([manifest.name, ...Object.keys(manifest.dependencies ?? {})].sort());
  });

  it('runs as `npx chatwoot-mcp --sandbox` and answers an MCP client', async () => {
    const server = await spawnServer({ HOME: process.env.HOME ?? work, npm_config_offline: 'true' }, [], {
      command: 'npx',
      args: ['--no', '--', 'chatwoot-mcp', '--sandbox'],
      cwd: project,
    });
    try {
      const { tools } = await server.client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('list_inboxes');
      const result = await server.client.callTool({ name: 'list_inboxes', arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(JSON.stringify(result.content)).toContain('Channel::Api');
    } finally {
      await server.close();
    }
  });

  it('--report estimates tokens where the tokenizer is not installed, and says so', () => {
    const installed = join(project, 'node_modules', manifest.name, 'dist/cli.js');
    const report = spawnSync(process.execPath, [installed, '--report', '--tool-mode', 'dynamic'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', CHATWOOT_API_TOKEN: 'report-token' },
    });
    expect(report.status).toBe(0);
    expect(report.stdout).toMatch(/3 tools listed, \d+ tokens .*\(estimated at [\d.]+ characters per token/);
  });
  it('--redis-url where ioredis is not installed: a start-up error that says what to install', () => {
    const installed = join(project, 'node_modules', manifest.name, 'dist/cli.js');
    const run = spawnSync(
      process.execPath,
      [installed, '--transport', 'http', '--port', '0', '--redis-url', 'redis://127.0.0.1:6379'],
      {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '',
          CHATWOOT_BASE_URL: 'http://127.0.0.1:39999',
          CHATWOOT_API_TOKEN: 'redis-peer-token',
          CHATWOOT_WEBHOOK_SECRET: 'redis-peer-webhook-secret',
        },
      },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      'MCP_REDIS_URL needs the ioredis package next to chatwoot-mcp: npm install ioredis',
    );
  });
});

describe('`npm ci --omit=dev` in a clone', () => {
  it('skips the build in `prepare` with a sentence, where `npm run build` still fails without esbuild', () => {
    const clone = join(work, 'clone');
    mkdirSync(join(clone, 'scripts'), { recursive: true });
    for (const script of ['build.mjs', 'bundleSettings.mjs'])
      copyFileSync(packageFile(`scripts/${script}`), join(clone, `scripts/${script}`));
    copyFileSync(packageFile('package.json'), join(clone, 'package.json'));
    const run = (event: string) =>
      spawnSync(process.execPath, ['scripts/build.mjs'], {
        cwd: clone,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', npm_lifecycle_event: event },
      });
    const prepare = run('prepare');
    expect(prepare.status).toBe(0);
    expect(prepare.stderr).toContain('run `npm ci` to build dist/');
    expect(run('build').status).not.toBe(0);
  });
});
