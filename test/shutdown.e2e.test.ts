import { spawnSync } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { CANARY, captureMessages } from './helpers/canary.js';
import { startHttpProcess } from './helpers/httpProcess.js';
import { CLI } from './helpers/mcpClient.js';
import { startRecordingServer } from './helpers/recordingServer.js';

describe('graceful shutdown', () => {
  it('lets a call in flight at SIGTERM complete, refuses new connections, and exits 0', async () => {
    const upstream = await startRecordingServer();
    upstream.respondWith((_request, response) =>
      setTimeout(() => response.writeHead(200).end('{"slow":true}'), 800),
    );
    const server = await startHttpProcess({
      CHATWOOT_BASE_URL: upstream.url,
      CHATWOOT_API_TOKEN: CANARY.userToken,
    });
    const client = new Client({ name: 'shutdown-test', version: '1.0.0' });
    await client.connect(
      captureMessages(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)), 'shutdown client'),
    );

    const inFlight = client.callTool({ name: 'list_labels', arguments: { account_id: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));

    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    const result = (await inFlight) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual({ slow: true });
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toContain('SIGTERM: shutting down');
    await upstream.close();
  });
});

describe('binding beyond loopback', () => {
  it('refuses to start without MCP_AUTH_TOKEN, and says why', () => {
    const { status, stderr } = spawnSync(
      process.execPath,
      [CLI, '--transport', 'http', '--host', '0.0.0.0', '--sandbox'],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' },
      },
    );
    expect(status).toBe(2);
    expect(stderr).toMatch(/MCP_AUTH_TOKEN \(--auth-token\) is required to listen on 0\.0\.0\.0/);
  });
});

describe('stdio', () => {
  it('writes whole the answers to what was asked before stdin closed, then exits 0', () => {
    const requests = [
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'pipe', version: '1' },
        },
      },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} },
    ];
    // `printf … | chatwoot-mcp | slow-reader`: the requests, then the end of stdin, while the reader of stdout
    // waits a moment: the large listing is still on its way out when stdin closes.
    // The server's exit code goes to stderr (where nothing else goes at LOG_LEVEL=error).
    const { stderr, stdout } = spawnSync(
      'sh',
      ['-c', '("$NODE" "$CLI" --toolsets all --tool-mode full; echo "exit $?" >&2) | (sleep 0.3; cat)'],
      {
        input: requests.map((request) => `${JSON.stringify(request)}\n`).join(''),
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '',
          NODE: process.execPath,
          CLI,
          CHATWOOT_BASE_URL: 'http://127.0.0.1:3000',
          CHATWOOT_API_TOKEN: 'user-token',
          LOG_LEVEL: 'error',
        },
      },
    );
    expect(stderr.trim()).toBe('exit 0');
    const answers = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: number; result: { tools?: unknown[] } });
    expect(answers.map((answer) => answer.id)).toEqual([1, 2]);
    expect(answers[1]?.result.tools?.length).toBeGreaterThan(300);
  });
});
