import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, canary, captureMessages } from './helpers/canary.js';
import { type HttpProcess, startHttpProcess } from './helpers/httpProcess.js';
import { type RecordingServer, startRecordingServer } from './helpers/recordingServer.js';

const AUTH = CANARY.mcpAuthToken;
const SERVER_TOKEN = CANARY.userToken;
const TENANTS = Array.from({ length: 20 }, (_, index) => ({
  token: canary(`tenant-${index}-token`),
  account: 100 + index,
}));

let upstream: RecordingServer;
let server: HttpProcess;
beforeAll(async () => {
  upstream = await startRecordingServer();
  // Replies come in slightly out of order, so that concurrent calls really overlap.
  upstream.respondWith((request, response) =>
    setTimeout(
      () =>
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ url: request.url })),
      Math.random() * 20,
    ),
  );
  server = await startHttpProcess(
    { CHATWOOT_BASE_URL: upstream.url, MCP_AUTH_TOKEN: AUTH, CHATWOOT_API_TOKEN: SERVER_TOKEN },
    ['--per-request-credentials'],
  );
});
afterAll(async () => {
  await server.stop();
  await upstream.close();
});

function tenantClient(headers: Record<string, string>) {
  const transport = captureMessages(
    new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${AUTH}`, ...headers } },
    }),
    'tenant client',
  );
  const client = new Client({ name: 'tenant', version: '1.0.0' });
  return { client, transport, ready: client.connect(transport) };
}

describe('per-request credentials', () => {
  it('keep 20 tenants apart under 200 concurrent calls: each request carries its own token and account', async () => {
    const clients = TENANTS.map((tenant) =>
      tenantClient({ 'X-Chatwoot-Api-Token': tenant.token, 'X-Chatwoot-Account-Id': String(tenant.account) }),
    );
    await Promise.all(clients.map((entry) => entry.ready));
    upstream.requests.length = 0;
    const results = await Promise.all(
      clients.flatMap(({ client }) =>
        Array.from({ length: 10 }, (_, call) =>
          client.callTool({ name: 'get_label', arguments: { label_id: call + 1 } }),
        ),
      ),
    );
    expect(results.filter((result) => (result as CallToolResult).isError)).toEqual([]);
    expect(upstream.requests).toHaveLength(200);
    for (const request of upstream.requests) {
      const account = Number(/^\/api\/v1\/accounts\/(\d+)\//.exec(request.url)?.[1]);
      const tenant = TENANTS.find((candidate) => candidate.account === account);
      expect(request.headers.api_access_token, request.url).toBe(tenant?.token);
      expect(request.headers.authorization).toBeUndefined();
    }
    for (const tenant of TENANTS) {
      expect(
        upstream.requests.filter((request) => request.headers.api_access_token === tenant.token),
      ).toHaveLength(10);
    }
    await Promise.all(clients.map(({ client }) => client.close()));
  });

  it("refuses a session opened with one tenant's credentials when another tenant uses it", async () => {
    const first = tenantClient({ 'X-Chatwoot-Api-Token': TENANTS[0]?.token ?? '' });
    await first.ready;
    const sessionId = first.transport.sessionId ?? '';
    const response = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${AUTH}`,
        'X-Chatwoot-Api-Token': TENANTS[1]?.token ?? '',
        'mcp-session-id': sessionId,
        'mcp-protocol-version': '2025-06-18',
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'tools/list' }),
    });
    expect(response.status).toBe(403);
    await first.client.close();
  });

  it('use the server’s own credentials for a request that brings none, and never log a token', async () => {
    const plain = tenantClient({});
    await plain.ready;
    upstream.requests.length = 0;
    await plain.client.callTool({ name: 'list_labels', arguments: { account_id: 3 } });
    expect(upstream.requests[0]?.headers.api_access_token).toBe(SERVER_TOKEN);
    await plain.client.close();
    for (const secret of [AUTH, SERVER_TOKEN, ...TENANTS.map((tenant) => tenant.token)]) {
      expect(server.stderr()).not.toContain(secret);
    }
  });

  it('refuses a malformed account header with 400', async () => {
    const response = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${AUTH}`,
        'X-Chatwoot-Account-Id': '1; DROP',
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(response.status).toBe(400);
  });
});
