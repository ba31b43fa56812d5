import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_TOKENS, type Sandbox, startSandbox } from '../src/sandbox/index.js';
import { capture, registerSecrets } from './helpers/canary.js';
import { closedPort, startHttpProcess } from './helpers/httpProcess.js';
import { CLI, spawnServer } from './helpers/mcpClient.js';

// What a new user gets wrong, and what the server says then: each message says what happened and what to do.
async function run(args: string[], env: Record<string, string> = {}) {
  registerSecrets(env);
  // Not spawnSync: the sandbox and the page server live in this process and must answer meanwhile.
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
  capture('setup output', stdout + stderr);
  return { status, stdout, stderr };
}

let sandbox: Sandbox;
let page: Server;
let pageUrl: string;
beforeAll(async () => {
  sandbox = await startSandbox();
  // What answers at a dashboard address or behind a misrouted proxy: a web page, with 200.
  page = createServer((_request, response) =>
    response
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<html><title>Chatwoot</title><body>app</body></html>'),
  );
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await sandbox.close();
  page.close();
});

describe('CHATWOOT_BASE_URL as users paste it', () => {
  it('refuses a user name and password at start, with exit code 2, without repeating them', async () => {
    const password = 'hunter2-secret-password';
    const { status, stderr } = await run([], {
      CHATWOOT_BASE_URL: `https://admin:${password}@chatwoot.example.com`,
    });
    expect(status).toBe(2);
    expect(stderr).toMatch(/CHATWOOT_BASE_URL \(--base-url\) must not contain a user name or password/);
    expect(stderr).not.toContain(password);
    expect(stderr).not.toContain('admin:');
  });

  it("refuses a port Node's fetch never connects to, saying why", async () => {
    const { status, stderr } = await run([], { CHATWOOT_BASE_URL: 'http://127.0.0.1:6667' });
    expect(status).toBe(2);
    expect(stderr).toContain('"bad port"');
  });

  it('cuts a browser address to its base with a warning, so that calls reach the API', async () => {
    const server = await spawnServer({
      CHATWOOT_BASE_URL: `${sandbox.url}/app/accounts/1/dashboard?tab=open#top`,
      CHATWOOT_API_TOKEN: SANDBOX_TOKENS.user,
    });
    const result = await server.client.callTool({ name: 'list_labels', arguments: { account_id: 1 } });
    expect(result.isError).toBeFalsy();
    expect(server.stderr()).toContain(
      `warn: CHATWOOT_BASE_URL: using ${sandbox.url}, without the path /app/accounts/1/dashboard (a page of Chatwoot, not its address), the query, the fragment`,
    );
    await server.close();
  });

  it("reports a web page answering 200 as an error that says the address is not Chatwoot's API", async () => {
    const server = await spawnServer({ CHATWOOT_BASE_URL: pageUrl, CHATWOOT_API_TOKEN: 'some-user-token' });
    const result = await server.client.callTool({ name: 'list_labels', arguments: { account_id: 1 } });
    const text = JSON.stringify(result.content);
    expect(result.isError).toBe(true);
    expect(text).toContain('the answer is not JSON but text/html');
    expect(text).toContain("CHATWOOT_BASE_URL does not lead to Chatwoot's API");
    // Logged as a failure worth attention, not as routine information.
    expect(server.stderr()).toMatch(/warn: list_labels GET \/api\/v1\/accounts\/1\/labels failed/);
    await server.close();
  });
});

describe('--sandbox', () => {
  it('ignores real credentials from the shell, saying so, and its calls work', async () => {
    const server = await spawnServer(
      { CHATWOOT_API_TOKEN: 'real-token-from-the-shell', CHATWOOT_ACCOUNT_ID: '77' },
      ['--sandbox'],
    );
    const result = await server.client.callTool({ name: 'list_labels', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(server.stderr()).toMatch(
      /warn: --sandbox: ignoring CHATWOOT_API_TOKEN, CHATWOOT_ACCOUNT_ID: the built-in sandbox has its own/,
    );
    await server.close();
  });
});

describe('start-up messages', () => {
  it('says why a family with credentials offers no tool, and how many tools auto mode lists', async () => {
    const server = await spawnServer({
      CHATWOOT_BASE_URL: sandbox.url,
      CHATWOOT_API_TOKEN: SANDBOX_TOKENS.user,
    });
    expect(server.stderr()).toContain(
      'client API: on, but none of its tools is offered: its toolset "client" is not enabled',
    );
    expect(server.stderr()).not.toContain('(0 tools');
    await server.close();

    const every = await spawnServer(
      { CHATWOOT_BASE_URL: sandbox.url, CHATWOOT_API_TOKEN: SANDBOX_TOKENS.user, CHATWOOT_TOOLSETS: 'all' },
      ['--platform-token', SANDBOX_TOKENS.platform],
    );
    const names = (await every.client.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain('search_tools');
    const served =
      /serving (\d+) tools for (\S+) \(auto mode: (\d+) listed within the 10000-token tool budget/.exec(
        every.stderr(),
      );
    expect(served?.[2]).toBe(sandbox.url);
    expect(Number(served?.[3])).toBe(names.length - 3);
    expect(Number(served?.[1])).toBeGreaterThan(names.length);
    await every.close();
  });

  it('a short MCP_AUTH_TOKEN is reported as too short, not also as missing', async () => {
    const { status, stderr } = await run(['--transport', 'http', '--host', '0.0.0.0', '--sandbox'], {
      MCP_AUTH_TOKEN: 'short',
    });
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      'chatwoot-mcp: MCP_AUTH_TOKEN (--auth-token) must be at least 16 characters',
    ]);
  });

  it('a port out of range says its range, not that it is no number', async () => {
    const { status, stderr } = await run(['--sandbox', '--transport', 'http', '--port', '70000']);
    expect(status).toBe(2);
    expect(stderr).toContain('MCP_PORT (--port) Too big: expected number to be <=65535, got "70000"');
  });

  it('a port in use says so and what to do', async () => {
    const first = await startHttpProcess({}, ['--sandbox']);
    const port = new URL(first.url).port;
    const { status, stderr } = await run(['--sandbox', '--transport', 'http', '--port', port]);
    await first.stop();
    expect(status).toBe(1);
    expect(stderr).toContain(`cannot listen on 127.0.0.1:${port}: the port is already in use`);
    expect(stderr).toContain('choose another port with MCP_PORT (0 picks a free one)');
  });
});

describe('a token valid for another account', () => {
  it('is told the account is not one its user belongs to, and how to list theirs', async () => {
    const server = await spawnServer({
      CHATWOOT_BASE_URL: sandbox.url,
      CHATWOOT_API_TOKEN: SANDBOX_TOKENS.user,
      CHATWOOT_PLATFORM_TOKEN: SANDBOX_TOKENS.platform,
      CHATWOOT_TOOLSETS: 'all',
      CHATWOOT_TOOL_MODE: 'full',
    });
    const created = await server.client.callTool({
      name: 'platform_create_account',
      arguments: { name: 'Other' },
    });
    const other = (JSON.parse((created.content as { text: string }[])[0]?.text ?? '{}') as { id: number }).id;
    const result = await server.client.callTool({ name: 'list_labels', arguments: { account_id: other } });
    const text = JSON.stringify(result.content);
    expect(text).toContain(`its user is not a member of account ${other}: get_profile lists the accounts`);
    expect(text).not.toContain('check CHATWOOT_API_TOKEN');
    await server.close();
  });
});

describe('chatwoot-mcp doctor', () => {
  it("without CHATWOOT_ACCOUNT_ID: names the account calls will use, the user's only one", async () => {
    const { status, stdout } = await run(['doctor'], {
      CHATWOOT_BASE_URL: sandbox.url,
      CHATWOOT_API_TOKEN: SANDBOX_TOKENS.user,
    });
    expect(stdout).toMatch(
      /^✓ account: calls that leave account_id out use 1 \(.+\), this user's only account$/m,
    );
    expect(status).toBe(0);
  });

  it('with a good set-up: the Chatwoot version, each token accepted, the accounts, exit 0', async () => {
    const { status, stdout } = await run(['doctor'], {
      CHATWOOT_BASE_URL: sandbox.url,
      CHATWOOT_API_TOKEN: SANDBOX_TOKENS.user,
      CHATWOOT_AGENT_BOT_TOKEN: SANDBOX_TOKENS.agentBot,
      CHATWOOT_PLATFORM_TOKEN: SANDBOX_TOKENS.platform,
      CHATWOOT_ACCOUNT_ID: '1',
    });
    expect(stdout).toMatch(/^✓ Chatwoot \S+ answers at /m);
    expect(stdout).toMatch(/^✓ CHATWOOT_API_TOKEN: accepted, user \S+, member of accounts 1 \(/m);
    expect(stdout).toContain('✓ CHATWOOT_AGENT_BOT_TOKEN: accepted');
    expect(stdout).toContain('✓ CHATWOOT_PLATFORM_TOKEN: accepted');
    expect(stdout).toContain('No problems found.');
    expect(status).toBe(0);
  });

  it('with wrong tokens and a foreign account: one actionable line per problem, exit 1, no token shown', async () => {
    const env = {
      CHATWOOT_BASE_URL: sandbox.url,
      CHATWOOT_API_TOKEN: 'wrong-user-token-123',
      CHATWOOT_PLATFORM_TOKEN: 'wrong-platform-token-456',
    };
    const { status, stdout } = await run(['doctor'], env);
    expect(status).toBe(1);
    const problems = stdout.split('\n').filter((line) => line.startsWith('✗'));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^✗ CHATWOOT_API_TOKEN: refused with HTTP 401 .*: copy it again from/);
    expect(problems[1]).toMatch(
      /^✗ CHATWOOT_PLATFORM_TOKEN: refused with HTTP 401 .*: copy the platform app's token/,
    );
    expect(stdout).not.toContain('wrong-user-token');

    const foreign = await run(['doctor'], {
      ...env,
      CHATWOOT_API_TOKEN: SANDBOX_TOKENS.user,
      CHATWOOT_ACCOUNT_ID: '9',
    });
    expect(foreign.stdout).toContain(
      '✗ CHATWOOT_ACCOUNT_ID=9 is not an account of this user: use one of 1 (',
    );
  });

  it('with an address that is not Chatwoot, or nothing listening: says so and stops there', async () => {
    for (const base of [pageUrl, `http://127.0.0.1:${await closedPort()}`]) {
      const { status, stdout } = await run(['doctor'], {
        CHATWOOT_BASE_URL: base,
        CHATWOOT_API_TOKEN: 'some-user-token',
      });
      expect(status).toBe(1);
      expect(stdout.split('\n').filter((line) => line.startsWith('✗'))).toHaveLength(1);
      expect(stdout).toMatch(
        /^✗ http:\/\/127\.0\.0\.1:\d+\/api: .*: set CHATWOOT_BASE_URL to your Chatwoot's address/m,
      );
    }
  });

  it('refuses an unknown command', async () => {
    const { status, stderr } = await run(['doctorr', '--sandbox']);
    expect(status).toBe(2);
    expect(stderr).toContain('unknown command "doctorr"');
  });
});
