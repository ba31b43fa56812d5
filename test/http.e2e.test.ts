import { request as httpRequest } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type CallToolResult, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, captureMessages } from './helpers/canary.js';
import { closedPort, type HttpProcess, startHttpProcess } from './helpers/httpProcess.js';
import { startRecordingServer } from './helpers/recordingServer.js';

const AUTH = CANARY.mcpAuthToken;
const auth = { Authorization: `Bearer ${AUTH}` };

async function connect(transport: StreamableHTTPClientTransport | SSEClientTransport) {
  const client = new Client({ name: 'http-test', version: '1.0.0' });
  await client.connect(captureMessages(transport, 'http client'));
  return client;
}

const text = (result: unknown) =>
  (result as CallToolResult).content.map((part) => (part.type === 'text' ? part.text : '')).join('');

/** A raw request, so that Host and other headers fetch would not let us set can be sent. */
function raw(
  url: string,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer },
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const target = new URL(options.path ?? '/mcp', url);
    let answered = false;
    const outgoing = httpRequest(
      target,
      { method: options.method ?? 'POST', headers: options.headers },
      (response) => {
        answered = true;
        let body = '';
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString('utf8');
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        response.on('error', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    // The server may answer (413) and close before the whole body is written: that answer is what counts.
    outgoing.on('error', (error) => {
      if (!answered) reject(error);
    });
    outgoing.end(options.body);
  });
}

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});
const mcpHeaders = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

describe('HTTP transport, stateful, against the sandbox', () => {
  let server: HttpProcess;
  beforeAll(async () => {
    server = await startHttpProcess({ MCP_AUTH_TOKEN: AUTH }, ['--sandbox', '--tool-mode', 'full']);
  });
  afterAll(() => server.stop());

  it('serves Streamable HTTP at /mcp: connect, list, call', async () => {
    const client = await connect(
      new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: auth } }),
    );
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThan(100);
    const labels = await client.callTool({ name: 'list_labels', arguments: {} });
    expect(text(labels)).toContain('vip');
    await client.close();
  });

  it('serves the older HTTP+SSE transport at /sse and /messages', async () => {
    const client = await connect(
      new SSEClientTransport(new URL(`${server.url}/sse`), {
        requestInit: { headers: auth },
        eventSourceInit: {
          fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...auth } }),
        },
      }),
    );
    expect((await client.listTools()).tools.length).toBeGreaterThan(100);
    expect(text(await client.callTool({ name: 'list_teams', arguments: {} }))).toContain('Billing');
    await client.close();
  });

  it('refuses a missing or wrong token with 401, a foreign Host or Origin with 403, an oversized body with 413', async () => {
    expect((await raw(server.url, { headers: mcpHeaders, body: initialize })).status).toBe(401);
    expect(
      (
        await raw(server.url, {
          headers: { ...mcpHeaders, Authorization: 'Bearer wrong-token-0000000' },
          body: initialize,
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await raw(server.url, {
          headers: { ...mcpHeaders, ...auth, Host: 'evil.example:80' },
          body: initialize,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await raw(server.url, {
          headers: { ...mcpHeaders, ...auth, Origin: 'https://evil.example' },
          body: initialize,
        })
      ).status,
    ).toBe(403);
    const huge = Buffer.alloc(5 * 1024 * 1024, 'a');
    expect((await raw(server.url, { headers: { ...mcpHeaders, ...auth }, body: huge })).status).toBe(413);
    const ok = await raw(server.url, { headers: { ...mcpHeaders, ...auth }, body: initialize });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('"serverInfo"');
  });

  it('answers /healthz and /readyz without a token, and unknown paths with 404', async () => {
    expect(await raw(server.url, { method: 'GET', path: '/healthz' })).toEqual({
      status: 200,
      body: '{"status":"ok"}',
    });
    expect(await raw(server.url, { method: 'GET', path: '/readyz' })).toEqual({
      status: 200,
      body: '{"status":"ready"}',
    });
    expect((await raw(server.url, { method: 'GET', path: '/nope', headers: auth })).status).toBe(404);
  });

  it('logs requests on stderr without secrets', () => {
    expect(server.stderr()).toMatch(/http \{"method":"POST","path":"\/mcp","status":200/);
    expect(server.stderr()).not.toContain(AUTH);
  });
});

describe('HTTP transport, stateful: answers', () => {
  it('answers a call with one JSON body, and still asks the user on the session stream', async () => {
    const server = await startHttpProcess({}, ['--sandbox', '--tool-mode', 'full', '--confirm-destructive']);
    try {
      const opened = await fetch(`${server.url}/mcp`, {
        method: 'POST',
        headers: mcpHeaders,
        body: initialize,
      });
      const session = { ...mcpHeaders, 'mcp-session-id': opened.headers.get('mcp-session-id') ?? '' };
      const call = await fetch(`${server.url}/mcp`, {
        method: 'POST',
        headers: session,
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 2,
          method: 'tools/call',
          params: { name: 'list_labels', arguments: {} },
        }),
      });
      expect(call.headers.get('content-type')).toBe('application/json');
      expect(((await call.json()) as { result: CallToolResult }).result.isError).toBeFalsy();

      // Elicitation is a request of the server's own: it reaches the client on the GET stream.
      const client = new Client(
        { name: 'http-test', version: '1.0.0' },
        { capabilities: { elicitation: {} } },
      );
      const asked: string[] = [];
      client.setRequestHandler(ElicitRequestSchema, async (request) => {
        asked.push(request.params.message);
        return { action: 'accept', content: { confirm: true } };
      });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
      const labels = text(await client.callTool({ name: 'list_labels', arguments: {} }));
      const labelId = Number(/"id":(\d+)/.exec(labels)?.[1]);
      const removed = await client.callTool({ name: 'delete_label', arguments: { label_id: labelId } });
      expect(removed.isError).toBeFalsy();
      expect(asked).toEqual([expect.stringMatching(/^Allow this destructive action\? .*delete_label/)]);
      await client.close();
    } finally {
      await server.stop();
    }
  });
});

describe('HTTP transport, stateless', () => {
  let server: HttpProcess;
  beforeAll(async () => {
    server = await startHttpProcess({}, ['--sandbox', '--stateless']);
  });
  afterAll(() => server.stop());

  it('answers an initialize without a session id, and serves a client request by request', async () => {
    const response = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: mcpHeaders,
      body: initialize,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('mcp-session-id')).toBeNull();
    const client = await connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
    expect(text(await client.callTool({ name: 'list_labels', arguments: {} }))).toContain('billing');
    await client.close();
  });

  it("stops a call's request to Chatwoot when the client hangs up before the answer", async () => {
    const upstream = await startRecordingServer();
    const upstreamClosed = new Promise<void>((resolve, reject) => {
      // Chatwoot never answers: only the client hanging up can end the call.
      upstream.respondWith((_request, response) => response.once('close', () => resolve()));
      setTimeout(() => reject(new Error('the request to Chatwoot was not stopped')), 10_000);
    });
    const stateless = await startHttpProcess(
      {
        CHATWOOT_BASE_URL: upstream.url,
        CHATWOOT_API_TOKEN: 'hang-up-test-token',
        CHATWOOT_TIMEOUT_MS: '60000',
      },
      ['--stateless', '--tool-mode', 'full'],
    );
    try {
      const outgoing = httpRequest(new URL(`${stateless.url}/mcp`), { method: 'POST', headers: mcpHeaders });
      outgoing.on('error', () => {});
      outgoing.end(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'get_label', arguments: { account_id: 1, label_id: 7 } },
        }),
      );
      while (upstream.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      outgoing.destroy();
      await upstreamClosed;
    } finally {
      await stateless.stop();
      await upstream.close();
    }
  });
});

describe('readiness with --ready-check-chatwoot', () => {
  it('is ready when Chatwoot answers, and not when it cannot be reached', async () => {
    const up = await startHttpProcess({}, ['--sandbox', '--ready-check-chatwoot']);
    expect((await fetch(`${up.url}/readyz`)).status).toBe(200);
    await up.stop();
    const down = await startHttpProcess(
      { CHATWOOT_BASE_URL: `http://127.0.0.1:${await closedPort()}`, CHATWOOT_API_TOKEN: CANARY.userToken },
      ['--ready-check-chatwoot'],
    );
    const answer = await fetch(`${down.url}/readyz`);
    expect(answer.status).toBe(503);
    expect(await answer.text()).toContain('Chatwoot is unreachable');
    expect((await fetch(`${down.url}/healthz`)).status).toBe(200);
    await down.stop();
  });
});

describe('HTTP transport, hardened edges', () => {
  let server: HttpProcess;
  beforeAll(async () => {
    server = await startHttpProcess({ MCP_AUTH_TOKEN: AUTH, LOG_LEVEL: 'info' }, [
      '--sandbox',
      '--max-idle-connections',
      '3',
    ]);
  });
  afterAll(() => server.stop());

  it('closes the oldest idle connections beyond the cap, and still serves (first: no other idle connection yet)', async () => {
    const { connect: open } = await import('node:net');
    const { port } = new URL(server.url);
    const sockets = await Promise.all(
      Array.from(
        { length: 5 },
        () =>
          new Promise<import('node:net').Socket>((resolve) => {
            const socket = open(Number(port), '127.0.0.1', () => resolve(socket));
            socket.on('error', () => {});
          }),
      ),
    );
    const closed = sockets.map(
      (socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())),
    );
    await Promise.race([
      Promise.all(closed.slice(0, 2)),
      new Promise((resolve) => setTimeout(resolve, 3000)),
    ]);
    expect(sockets.map((socket) => socket.destroyed || socket.readyState !== 'open')).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    for (const socket of sockets) socket.destroy();
    expect((await raw(server.url, { method: 'GET', path: '/healthz' })).status).toBe(200);
  });

  it('answers OAuth discovery with 404 (no OAuth here), so clients do not start a flow that cannot succeed', async () => {
    for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-authorization-server']) {
      const answer = await raw(server.url, { method: 'GET', path });
      expect(answer.status, path).toBe(404);
      expect(answer.body).toContain('Bearer <MCP_AUTH_TOKEN>');
    }
  });

  it('reads the Host header as host and port: "localhost:evil.com" is not localhost', async () => {
    for (const host of ['localhost:evil.com', '127.0.0.1:80:80', '[::1]:evil', 'localhost:']) {
      const answer = await raw(server.url, {
        headers: { ...mcpHeaders, ...auth, Host: host },
        body: initialize,
      });
      expect(answer.status, host).toBe(403);
    }
    for (const host of ['localhost:8080', '[::1]:8080', '127.0.0.1']) {
      const answer = await raw(server.url, {
        headers: { ...mcpHeaders, ...auth, Host: host },
        body: initialize,
      });
      expect(answer.status, host).toBe(200);
    }
  });

  it('logs health probes only at debug', async () => {
    await raw(server.url, { method: 'GET', path: '/healthz' });
    await raw(server.url, { method: 'GET', path: '/readyz' });
    await raw(server.url, { headers: { ...mcpHeaders, ...auth }, body: initialize });
    expect(server.stderr()).toMatch(/http \{"method":"POST","path":"\/mcp"/);
    expect(server.stderr()).not.toContain('"path":"/healthz"');
    expect(server.stderr()).not.toContain('"path":"/readyz"');
  });
});

describe('HTTP transport, stateless, without sessions of the older transport', () => {
  it('refuses /sse and /messages, which need sessions, and points to /mcp', async () => {
    const server = await startHttpProcess({}, ['--sandbox', '--stateless']);
    const sse = await raw(server.url, {
      method: 'GET',
      path: '/sse',
      headers: { accept: 'text/event-stream' },
    });
    expect(sse.status).toBe(404);
    expect(sse.body).toContain('use Streamable HTTP at /mcp');
    expect(
      (await raw(server.url, { path: '/messages?sessionId=x', headers: mcpHeaders, body: '{}' })).status,
    ).toBe(404);
    await server.stop();
  });
});
