import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpMethod } from '../src/catalog/types.js';
import { ChatwootClient } from '../src/chatwoot/client.js';
import type { ChatwootError } from '../src/chatwoot/errors.js';
import { type RecordingServer, startRecordingServer } from './helpers/recordingServer.js';

let upstream: RecordingServer;
beforeAll(async () => {
  upstream = await startRecordingServer();
});
afterAll(() => upstream.close());
beforeEach(() => {
  upstream.requests.length = 0;
});

const credentials = {
  userToken: 'user-token-1',
  agentBotToken: 'bot-token-1',
  platformToken: 'platform-token-1',
};
function client(overrides: Partial<ConstructorParameters<typeof ChatwootClient>[0]> = {}) {
  return new ChatwootClient({
    baseUrl: upstream.url,
    credentials,
    timeoutMs: 2000,
    maxRetries: 2,
    maxRetryAfterSeconds: 5,
    userAgent: 'test',
    ...overrides,
  });
}
const request = (method: HttpMethod, json?: unknown) => ({
  method,
  path: '/api/v1/thing',
  searchParams: new URLSearchParams(),
  json,
});
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('expected a failure'),
    (error: unknown) => error as ChatwootError,
  );

describe('credentials', () => {
  it('sends the token of the operation family, and none for the client API', async () => {
    await client().send(request('GET'), 'user');
    await client().send(request('GET'), 'platform');
    await client().send(request('GET'), 'none');
    await client({ credentials: { agentBotToken: 'bot-token-1' } }).send(request('GET'), 'user_or_bot');
    expect(upstream.requests.map((r) => r.headers.api_access_token)).toEqual([
      'user-token-1',
      'platform-token-1',
      undefined,
      'bot-token-1',
    ]);
  });

  it('prefers the user token where bots are also allowed', async () => {
    await client().send(request('POST', {}), 'user_or_bot');
    expect(upstream.requests[0]?.headers.api_access_token).toBe('user-token-1');
  });

  it('refuses before sending when the family has no token', async () => {
    const error = await failure(client({ credentials: {} }).send(request('GET'), 'platform'));
    expect(error.kind).toBe('credentials');
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('retries', () => {
  it('retries an idempotent call on 502/503/504 within the limit', async () => {
    upstream.respondWith((_r, response) => response.writeHead(503).end('busy'));
    const error = await failure(client({ maxRetries: 2 }).send(request('GET'), 'user'));
    expect(error.details.status).toBe(503);
    expect(upstream.requests).toHaveLength(3);
  });

  it('never sends a POST twice after a server error or a dropped connection', async () => {
    upstream.respondWith((_r, response) => response.writeHead(503).end());
    await failure(client().send(request('POST', { content: 'hi' }), 'user'));
    expect(upstream.requests).toHaveLength(1);
    upstream.requests.length = 0;
    upstream.respondWith((_r, response) => response.socket?.destroy());
    const error = await failure(client().send(request('POST', { content: 'hi' }), 'user'));
    expect(error.kind).toBe('network');
    expect(upstream.requests).toHaveLength(1);
  });

  it('retries a GET after a dropped connection', async () => {
    let calls = 0;
    upstream.respondWith((_r, response) =>
      ++calls === 1 ? response.socket?.destroy() : response.writeHead(200).end('{"ok":1}'),
    );
    await expect(client().send(request('GET'), 'user')).resolves.toEqual({ status: 200, data: { ok: 1 } });
    expect(upstream.requests).toHaveLength(2);
  });

  it('retries a POST refused with 429, waiting as Retry-After says (seconds or HTTP date)', async () => {
    for (const retryAfter of ['1', new Date(Date.now() + 1000).toUTCString()]) {
      upstream.requests.length = 0;
      let calls = 0;
      upstream.respondWith((_r, response) =>
        ++calls === 1
          ? response.writeHead(429, { 'retry-after': retryAfter }).end()
          : response.writeHead(200).end('{"id":9}'),
      );
      const started = Date.now();
      await expect(client().send(request('POST', { content: 'hi' }), 'user')).resolves.toEqual({
        status: 200,
        data: { id: 9 },
      });
      expect(upstream.requests).toHaveLength(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(retryAfter === '1' ? 900 : 0);
    }
  });

  it('returns a 429 whose Retry-After is beyond the limit, with the wait', async () => {
    upstream.respondWith((_r, response) =>
      response.writeHead(429, { 'retry-after': '120' }).end('{"error":"slow down"}'),
    );
    const error = await failure(client({ maxRetryAfterSeconds: 5 }).send(request('GET'), 'user'));
    expect(upstream.requests).toHaveLength(1);
    expect(error.details).toMatchObject({
      status: 429,
      retryAfterSeconds: 120,
      body: { error: 'slow down' },
    });
  });
});

describe('time limits and cancellation', () => {
  it('gives up after the timeout', async () => {
    upstream.respondWith(() => {});
    const error = await failure(client({ timeoutMs: 200, maxRetries: 0 }).send(request('GET'), 'user'));
    expect(error.kind).toBe('timeout');
  });

  it("stops the HTTP request when the caller's signal aborts", async () => {
    upstream.respondWith(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(client({ timeoutMs: 5000 }).send(request('GET'), 'user', controller.signal));
    expect(error.kind).toBe('aborted');
    expect(upstream.requests).toHaveLength(1);
  });

  it.each([
    ['the timeout', 'timeout'],
    ["the caller's cancellation", 'aborted'],
  ] as const)('%s closes the connection to Chatwoot, mid-body too', async (_what, kind) => {
    let closed: () => void = () => {};
    const connectionClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    upstream.respondWith((_request, response) => {
      response.once('close', closed);
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' }).write('{"a":');
    });
    const controller = new AbortController();
    if (kind === 'aborted') setTimeout(() => controller.abort(), 150);
    const error = await failure(
      client({ timeoutMs: kind === 'timeout' ? 150 : 5000, maxRetries: 0 }).send(
        request('GET'),
        'user',
        controller.signal,
      ),
    );
    expect(error.kind).toBe(kind);
    await connectionClosed;
  });
});

describe('connections', () => {
  beforeEach(() => upstream.respondWith((_request, response) => response.writeHead(200).end('{"id":1}')));

  it.each(['POST', 'PATCH', 'PUT', 'DELETE'] as const)(
    'a JSON body goes with its length and type (%s)',
    async (method) => {
      await client().send(request(method, { content: 'héllo' }), 'user');
      const [sent] = upstream.requests;
      expect(sent?.method).toBe(method);
      expect(sent?.headers['content-type']).toBe('application/json');
      expect(sent?.headers['content-length']).toBe(String(Buffer.byteLength('{"content":"héllo"}')));
      expect(sent?.body).toBe('{"content":"héllo"}');
    },
  );

  it('a POST after Chatwoot closed the idle connection goes on a fresh one, once', async () => {
    let posts = 0;
    const server = createServer((request, response) => {
      if (request.method === 'POST') posts++;
      request.resume().on('end', () => response.writeHead(200).end('{"ok":1}'));
    });
    server.keepAliveTimeout = 50;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const chatwoot = client({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    await chatwoot.send(request('GET'), 'user');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(chatwoot.send(request('POST', { content: 'hi' }), 'user')).resolves.toEqual({
      status: 200,
      data: { ok: 1 },
    });
    expect(posts).toBe(1);
    server.closeAllConnections();
    server.close();
  });

  it('a base URL with a path prefix, or an IPv6 host, is where requests go', async () => {
    const { port } = new URL(upstream.url);
    await client({ baseUrl: `${upstream.url}/chatwoot` }).send(request('GET'), 'user');
    expect(upstream.requests[0]?.url).toBe('/chatwoot/api/v1/thing');
    const server = createServer((_request, response) => response.writeHead(200).end('{"v6":true}'));
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(0, '::1', () => resolve(true));
    });
    if (listening) {
      const v6 = client({ baseUrl: `http://[::1]:${(server.address() as AddressInfo).port}` });
      await expect(v6.send(request('GET'), 'user')).resolves.toEqual({ status: 200, data: { v6: true } });
      server.closeAllConnections();
      server.close();
    }
    expect(port).not.toBe('');
  });
});

describe('redirects', () => {
  it('are reported, not followed, so the token never reaches another host', async () => {
    const other = await startRecordingServer();
    upstream.respondWith((_r, response) => response.writeHead(302, { location: `${other.url}/steal` }).end());
    const error = await failure(client().send(request('GET'), 'user'));
    expect(error.details).toMatchObject({ status: 302, location: `${other.url}/steal` });
    expect(other.requests).toHaveLength(0);
    await other.close();
  });
});

describe('replies', () => {
  it('streamed in pieces: decoded as UTF-8 whole (a character split between pieces, a byte order mark)', async () => {
    const bytes = Buffer.from('\uFEFF{"name":"Zoë — 日本"}', 'utf8');
    const split = bytes.indexOf(Buffer.from('ë', 'utf8')) + 1;
    upstream.respondWith((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(bytes.subarray(0, split));
      setTimeout(() => response.end(bytes.subarray(split)), 20);
    });
    const reply = await client({ maxRetries: 0 }).send(request('GET'), 'user');
    expect(reply.data).toEqual({ name: 'Zoë — 日本' });
  });

  it('read no further than their declared length', async () => {
    upstream.respondWith((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '7' });
      response.end(`{"a":1}${'x'.repeat(100_000)}`);
    });
    const reply = await client({ maxRetries: 0 }).send(request('GET'), 'user');
    expect(reply.data).toEqual({ a: 1 });
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('compressed with %s: unpacked, as fetch did (and asked for)', async (coding, pack) => {
    const packed = pack(Buffer.from('{"title":"vip — 日本"}'));
    upstream.respondWith((_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding }).end(packed),
    );
    const reply = await client({ maxRetries: 0 }).send(request('GET'), 'user');
    expect(reply.data).toEqual({ title: 'vip — 日本' });
    expect(upstream.requests[0]?.headers['accept-encoding']).toContain(coding);
  });

  it('compressed, and cut off or corrupt: the reply was cut off, nothing crashes', async () => {
    const packed = gzipSync(Buffer.from(`{"text":"${'z'.repeat(50_000)}"}`));
    upstream.respondWith((_request, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(packed.length) });
      response.write(packed.subarray(0, 40), () => response.socket?.destroy());
    });
    expect((await failure(client({ maxRetries: 0 }).send(request('GET'), 'user'))).kind).toBe('incomplete');
    upstream.respondWith((_request, response) =>
      response.writeHead(200, { 'content-encoding': 'gzip' }).end(Buffer.from('not gzip at all')),
    );
    expect((await failure(client({ maxRetries: 0 }).send(request('GET'), 'user'))).kind).toBe('incomplete');
  });

  it('in a content coding not known: passed on as the bytes came', async () => {
    upstream.respondWith((_request, response) =>
      response.writeHead(200, { 'content-encoding': 'x-custom' }).end('{"a":1}'),
    );
    expect((await client({ maxRetries: 0 }).send(request('GET'), 'user')).data).toEqual({ a: 1 });
  });

  it('compressed: counted as they are unpacked, so a small declared length lets no 20 MB through', async () => {
    const packed = gzipSync(`"${'y'.repeat(20 * 1024 * 1024)}"`);
    upstream.respondWith((_request, response) =>
      response
        .writeHead(200, {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'content-length': String(packed.length),
        })
        .end(packed),
    );
    const error = await failure(client({ maxRetries: 0 }).send(request('GET'), 'user'));
    expect(error.kind).toBe('too_large');
  });

  it('parse JSON, keep other text, and treat an empty body as no data', async () => {
    const bodies = ['{"a":1}', '<html>survey</html>', ''];
    for (const body of bodies) {
      upstream.respondWith((_r, response) => response.writeHead(body ? 200 : 204).end(body));
      const reply = await client().send(request('GET'), 'user');
      expect(reply.data).toEqual(body === '{"a":1}' ? { a: 1 } : body || undefined);
    }
  });
});
