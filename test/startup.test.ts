import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Config, parseCommandLine } from '../src/config.js';
import { packageFile } from '../src/paths.js';
import { createRuntime, type RuntimeConfig } from '../src/runtime.js';
import { type ChatwootTool, withConfirmArgument } from '../src/tools/definitions.js';
import { chooseListing } from '../src/tools/modes.js';

const read = (file: string) => readFileSync(packageFile(`dist/${file}`), 'utf8');
/** The files a module loads before it runs (import … from "./…", import "./…", export … from), not its import()s. */
const staticImports = (code: string) =>
  [...code.matchAll(/\b(?:import|export)\s*(?:[^"'()]*?\bfrom\s*)?"(\.[^"]+)"/g)].map((match) => match[1]);

describe('the start-up bundle (scripts/build.mjs)', () => {
  it('reads one file of code at start-up: dist/cli.js imports no chunk before it runs', () => {
    expect(staticImports(read('cli.js'))).toEqual([]);
    // What it loads later stays in chunks of its own.
    expect(read('cli.js')).toMatch(/import\("\.\/chunks\/http-\w+\.js"\)/);
  });

  it("leaves the chunks the lazy parts share with start-up as stubs of the entry's exports", () => {
    const chunks = readdirSync(packageFile('dist/chunks')).filter((file) => file.startsWith('chunk-'));
    const stubs = chunks.filter((file) => staticImports(read(`chunks/${file}`)).includes('../cli.js'));
    expect(stubs.length).toBeGreaterThan(5);
    for (const stub of stubs)
      expect(read(`chunks/${stub}`)).toMatch(/^export \{[^}]*\} from "\.\.\/cli\.js";\n$/);
  });

  it('builds the health check as a file of its own: importing the entry would start a server', () => {
    expect(staticImports(read('healthcheck.js'))).toEqual([]);
  });
});

/** The line the bundle answers tools/list with over stdio, as bytes come: nothing parses it on the way. */
function listingLine(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [packageFile('dist/cli.js')], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  child.stderr.resume();
  const requests = [
    {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } },
    },
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} },
  ];
  child.stdin.write(requests.map((request) => `${JSON.stringify(request)}\n`).join(''));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const line = out.split('\n').find((text) => text.startsWith('{"result":{"tools"'));
      if (line && out.includes(`${line}\n`)) {
        child.kill();
        resolve(line);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before answering tools/list`)));
  });
}

describe("tools/list over stdio, written from the build's listings", () => {
  const settings: Record<string, string>[] = [
    { CHATWOOT_TOOLSETS: 'all', CHATWOOT_TOOL_MODE: 'full', CHATWOOT_PLATFORM_TOKEN: 'platform-token' },
    { CHATWOOT_ACCOUNT_ID: '3', CHATWOOT_DRAFT_REPLIES: 'true', CHATWOOT_TOOL_MODE: 'full' },
    { CHATWOOT_CONFIRM_DESTRUCTIVE: 'true', CHATWOOT_TOOLSETS: 'all', CHATWOOT_TOOL_MODE: 'full' },
    // Tools off (read-only, the default toolsets): listings that point to them say so.
    { CHATWOOT_READ_ONLY: 'true' },
  ];
  it.each(settings)(
    'is the bytes JSON.stringify gives for the listing the sources build: %o',
    async (given) => {
      const env = {
        CHATWOOT_BASE_URL: 'http://127.0.0.1:3000',
        CHATWOOT_API_TOKEN: 'user-token',
        LOG_LEVEL: 'error',
        ...given,
      };
      const parsed = parseCommandLine([], env) as { config: Config };
      const { config, defaultTenant } = createRuntime(parsed.config as RuntimeConfig);
      // The client cannot be asked (no elicitation): destructive tools list a confirm argument.
      const listedOf = (tool: ChatwootTool) =>
        config.confirmDestructive && tool.operation.destructive ? withConfirmArgument(tool) : tool;
      const { tools } = chooseListing([...defaultTenant.tools.values()], listedOf, {
        mode: config.toolMode,
        budget: config.toolBudget,
      });
      expect(await listingLine(env)).toBe(JSON.stringify({ result: { tools }, jsonrpc: '2.0', id: 2 }));
    },
  );
});
