import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { getMcpConfigForManifest, type McpbManifestAny, unpackExtension } from '@anthropic-ai/mcpb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../scripts/bundle.js';
import { SETTINGS } from '../src/config.js';
import { packageFile } from '../src/paths.js';
import { spawnServer } from './helpers/mcpClient.js';

// The .mcpb a Claude Desktop user double-clicks: validated by the mcpb tool, then unpacked and started the way
// the host starts it, with the mcp_config the host resolves from the user's answers.
const manifest = JSON.parse(readFileSync(packageFile('manifest.json'), 'utf8')) as McpbManifestAny;
const work = mkdtempSync(join(tmpdir(), 'chatwoot-mcp-mcpb-'));
const bundle = join(work, 'chatwoot-mcp.mcpb');
const unpacked = join(work, 'unpacked');

beforeAll(async () => {
  await buildBundle(bundle);
  if (!(await unpackExtension({ mcpbPath: bundle, outputDir: unpacked, silent: true })))
    throw new Error('mcpb unpack failed');
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The command, arguments and environment the host would start, for these answers to user_config. */
async function launchFor(userConfig: Record<string, string | boolean>) {
  const config = await getMcpConfigForManifest({
    manifest,
    extensionPath: unpacked,
    systemDirs: { HOME: tmpdir(), DESKTOP: tmpdir(), DOCUMENTS: tmpdir(), DOWNLOADS: tmpdir() },
    userConfig,
    pathSeparator: sep,
  });
  if (!config) throw new Error('the manifest gave no mcp_config');
  return config as { command: string; args: string[]; env: Record<string, string> };
}

describe('the MCP bundle', () => {
  it('passes `mcpb validate`', () => {
    const validate = spawnSync(packageFile('node_modules/.bin/mcpb'), ['validate', 'manifest.json'], {
      cwd: packageFile('.'),
      encoding: 'utf8',
    });
    expect(validate.stdout + validate.stderr).toContain('Manifest schema validation passes');
    expect(validate.status).toBe(0);
  });

  it("carries package.json's version, and asks for the address, the tokens (sensitive) and the account", () => {
    const { version } = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };
    expect(manifest.version).toBe(version);
    const env = manifest.server.mcp_config.env ?? {};
    const asked = Object.fromEntries(
      Object.entries(env).map(([name, value]) => [name, /^\$\{user_config\.(\w+)\}$/.exec(value)?.[1] ?? '']),
    );
    for (const name of Object.keys(env))
      expect(Object.values(SETTINGS).map((setting) => setting.env)).toContain(name);
    for (const setting of [SETTINGS.baseUrl, SETTINGS.apiToken, SETTINGS.accountId, SETTINGS.sandbox])
      expect(manifest.user_config?.[asked[setting.env] ?? ''], setting.env).toBeDefined();
    for (const setting of Object.values(SETTINGS).filter(
      (setting) => 'secret' in setting && setting.secret,
    )) {
      const option = manifest.user_config?.[asked[setting.env] ?? ''];
      if (option) expect(option.sensitive, setting.env).toBe(true);
    }
    // An answer left empty must reach the server as empty, never as the literal ${user_config.…}.
    for (const option of Object.values(manifest.user_config ?? {}))
      if (!option.required) expect(option.default).toBeDefined();
  });

  it('starts from the unpacked bundle with the sandbox switched on, and answers an MCP client', async () => {
    const { command, args, env } = await launchFor({ sandbox: true });
    expect(Object.values(env).join(' ')).not.toContain('${');
    const server = await spawnServer(env, [], {
      command: command === 'node' ? process.execPath : command,
      args,
    });
    try {
      const { tools } = await server.client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('list_inboxes');
      const result = await server.client.callTool({ name: 'list_inboxes', arguments: {} });
      expect(result.isError).toBeFalsy();
    } finally {
      await server.close();
    }
  });

  it('left unconfigured, says which setting is missing and exits', async () => {
    const { command, args, env } = await launchFor({});
    const run = spawnSync(command === 'node' ? process.execPath : command, args, {
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      input: '',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('CHATWOOT_BASE_URL (--base-url) is required');
  });
});
