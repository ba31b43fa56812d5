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
