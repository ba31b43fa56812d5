import { readFileSync } from 'node:fs';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, CANARY_ENV, capture } from './helpers/canary.js';
import {
  type FaultyUpstream,
  fault,
  PROXY_ERROR_PAGE,
  startFaultyUpstream,
} from './helpers/faultyUpstream.js';
import { type SpawnedServer, spawnServer } from './helpers/mcpClient.js';
import type { Responder } from './helpers/recordingServer.js';

const TIMEOUT_MS = 500;
const RETRIES = 2;
const MAX_RETRY_AFTER_S = 2;
/** The backoff before retry n (src/chatwoot/retry.ts) is up to 0.3 s × 2^(n-1): at most 0.9 s over two retries. */
const BACKOFF_MS = 900;
/** What a call may take beyond its attempts and waits: process hops, a busy machine. */
const SLACK_MS = 1000;

type Call = { name: string; arguments: Record<string, unknown> };
const GET: Call = { name: 'get_label', arguments: { account_id: 1, label_id: 7 } };
const POST: Call = { name: 'create_label', arguments: { account_id: 1, title: 'vip' } };
const ok: Responder = (_request, response) =>
  response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":7,"title":"vip"}');

let upstream: FaultyUpstream;
let server: SpawnedServer;
beforeAll(async () => {
  upstream = await startFaultyUpstream();
  server = await spawnServer({
    ...CANARY_ENV,
    CHATWOOT_BASE_URL: upstream.url,
    CHATWOOT_TIMEOUT_MS: String(TIMEOUT_MS),
    CHATWOOT_MAX_RETRIES: String(RETRIES),
    CHATWOOT_MAX_RETRY_AFTER: String(MAX_RETRY_AFTER_S),
    CHATWOOT_TOOLSETS: 'all',
    CHATWOOT_TOOL_MODE: 'full',
    LOG_LEVEL: 'debug',
  });
});
afterAll(async () => {
  capture('foreign host requests', JSON.stringify(upstream.foreign.requests));
  await server.close();
  await upstream.close();
});

/** One call against a scripted upstream: the result, its text, how long it took and how many requests it made. */
async function call(tool: Call, ...script: Responder[]) {
  upstream.script(...script);
  upstream.requests.length = 0;
  const started = performance.now();
  const result = (await server.client.callTool(tool)) as CallToolResult;
  const elapsed = performance.now() - started;
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
  return { result, text, elapsed, requests: upstream.requests.length };
}

/** Peak resident memory of the server process so far, in MiB (Linux). */
const peakMiB = () =>
  Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1]) / 1024;

describe('server errors', () => {
  it('500: a clear error, not retried (Chatwoot may have acted)', async () => {
    for (const tool of [GET, POST]) {
      const { result, text, requests } = await call(tool, fault.status(500));
      expect(result.isError).toBe(true);
      expect(text).toMatch(/HTTP 500[\s\S]*Hint: Chatwoot failed on its side/);
      expect(requests).toBe(1);
    }
  });

  it.each([502, 503, 504])(
    '%i: an idempotent call is retried within bounds, a POST is sent once',
    async (status) => {
      const get = await call(GET, fault.status(status));
      expect(get.result.isError).toBe(true);
      expect(get.text).toContain(`HTTP ${status}`);
      expect(get.requests).toBe(1 + RETRIES);
      expect(get.elapsed).toBeLessThan(BACKOFF_MS + SLACK_MS);

      const post = await call(POST, fault.status(status));
      expect(post.result.isError).toBe(true);
      expect(post.requests).toBe(1);
    },
  );

  it('recovers when a retry succeeds', async () => {
    const { result, text, requests } = await call(GET, fault.status(503), ok);
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(text)).toEqual({ id: 7, title: 'vip' });
    expect(requests).toBe(2);
  });

  it("an HTML error page from a proxy: its title, not the page, and Chatwoot's side blamed", async () => {
    const { result, text, elapsed, requests } = await call(
      GET,
      fault.status(502, { 'content-type': 'text/html' }, PROXY_ERROR_PAGE),
    );
    expect(result.isError).toBe(true);
    expect(elapsed).toBeLessThan(BACKOFF_MS + SLACK_MS);
    expect(text).toMatch(/^Chatwoot answered HTTP 502 to get_label: 502 Bad Gateway\nHint: Chatwoot failed/);
    expect(text).not.toContain('<');
    expect(requests).toBe(1 + RETRIES);
  });
});

describe('rate limits (429)', () => {
  it('waits as Retry-After says in seconds, then succeeds; a POST too, since a 429 is refused before any effect', async () => {
    for (const tool of [GET, POST]) {
      const { result, elapsed, requests } = await call(tool, fault.status(429, { 'retry-after': '1' }), ok);
      expect(result.isError).toBeFalsy();
      expect(requests).toBe(2);
      expect(elapsed).toBeGreaterThanOrEqual(950);
      expect(elapsed).toBeLessThan(1000 + SLACK_MS);
    }
  });

  it('waits as Retry-After says as an HTTP date', async () => {
    const at = new Date(Date.now() + 2000).toUTCString();
    const { result, elapsed, requests } = await call(GET, fault.status(429, { 'retry-after': at }), ok);
    expect(result.isError).toBeFalsy();
    expect(requests).toBe(2);
    // The date has whole seconds: the wait is between 1 and 2 s.
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(2000 + SLACK_MS);
  });

  it('returns a wait longer than the configured maximum at once, in either form, with the wait', async () => {
    for (const retryAfter of ['3600', new Date(Date.now() + 3_600_000).toUTCString()]) {
      const { result, text, elapsed, requests } = await call(
        GET,
        fault.status(429, { 'retry-after': retryAfter }),
      );
      expect(result.isError).toBe(true);
      expect(text).toMatch(/HTTP 429[\s\S]*Hint: rate limited by Chatwoot; retry after 360\d s/);
      expect(requests).toBe(1);
      expect(elapsed).toBeLessThan(SLACK_MS);
    }
  });

  it('gives up after the retry limit when the limit persists', async () => {
    const { result, text, requests } = await call(GET, fault.status(429, { 'retry-after': '0' }));
    expect(result.isError).toBe(true);
    expect(text).toContain('retry after 0 s');
    expect(requests).toBe(1 + RETRIES);
  });
});

describe('slow and broken connections', () => {
  it('headers slower than the timeout: a timeout error within the limit, sent once', async () => {
    for (const tool of [GET, POST]) {
      const { result, text, elapsed, requests } = await call(tool, fault.slowHeaders(5000));
      expect(result.isError).toBe(true);
      expect(text).toMatch(/no reply within 500 ms[\s\S]*Hint: Chatwoot did not answer in time/);
      expect(requests).toBe(1);
      expect(elapsed).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    }
  });

  it('a call the client cancels: the request to Chatwoot is closed at once, before the timeout', async () => {
    let closedAfter = Number.POSITIVE_INFINITY;
    const started = performance.now();
    const connectionClosed = new Promise<void>((resolve) =>
      upstream.script((_request, response) =>
        response.once('close', () => {
          closedAfter = performance.now() - started;
          resolve();
        }),
      ),
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(server.client.callTool(GET, undefined, { signal: controller.signal })).rejects.toThrow();
    await connectionClosed;
    expect(closedAfter).toBeLessThan(TIMEOUT_MS - 100);
  });

  it('a body that stalls after the headers: a timeout error within the limit', async () => {
    const { result, text, elapsed } = await call(GET, fault.stalledBody(10_000));
    expect(result.isError).toBe(true);
    expect(text).toMatch(/within 500 ms[\s\S]*Hint: Chatwoot did not answer in time/);
    expect(elapsed).toBeLessThan(2 * TIMEOUT_MS + SLACK_MS);
  });

  it('a connection reset mid-body: says the reply was cut off, and sends a POST once', async () => {
    for (const tool of [GET, POST]) {
      const { result, text, requests } = await call(tool, fault.resetMidBody());
      expect(result.isError).toBe(true);
      expect(text).toMatch(/closed before the whole reply arrived[\s\S]*Hint: /);
      expect(text).not.toMatch(/could not be reached/);
      expect(requests).toBe(1);
    }
  });

  it('a connection reset before any reply: an idempotent call is retried, a POST is sent once', async () => {
    const get = await call(GET, fault.resetBeforeReply());
    expect(get.result.isError).toBe(true);
    expect(get.text).toMatch(/get_label failed: .+\nHint: Chatwoot could not be reached/);
    expect(get.requests).toBe(1 + RETRIES);
    const post = await call(POST, fault.resetBeforeReply());
    expect(post.result.isError).toBe(true);
    expect(post.requests).toBe(1);
  });
});

describe('odd replies', () => {
  it('invalid JSON: passed on as text, without structuredContent', async () => {
    const body = '{"id": 7, "title": "vip",,';
    const { result, text } = await call(
      GET,
      fault.status(200, { 'content-type': 'application/json; charset=utf-8' }, body),
    );
    expect(result.isError).toBeFalsy();
    expect(text).toBe(body);
    expect(result.structuredContent).toBeUndefined();
  });

  it('an empty 204: a success that says so', async () => {
    const { result, text } = await call(POST, fault.status(204));
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(text)).toEqual({ done: { what: 'Create label' } });
  });

  it.each([
    ['streamed', false],
    ['with its length announced', true],
  ] as const)('a 20 MB body %s: refused with a clear error, never held whole', async (_how, declared) => {
    const before = peakMiB();
    const { result, text } = await call(GET, fault.hugeBody(20 * 1024 * 1024, declared));
    expect(result.isError).toBe(true);
    expect(text).toMatch(/larger than 10 MB[\s\S]*Hint: ask for less/);
    expect(text.length).toBeLessThan(1000);
    // Holding 20 MB as text, parsed and serialized again costs well over 100 MB; the cap keeps it to the 10 MB read.
    expect(peakMiB() - before).toBeLessThan(60);
  });
});

describe('redirects', () => {
  it.each([301, 302, 307, 308])(
    '%i to another host: reported, not followed, and the token never goes there',
    async (status) => {
      for (const tool of [GET, POST]) {
        const location = `${upstream.foreign.url}/api/v1/accounts/1/labels/7`;
        const { result, text, requests } = await call(tool, fault.status(status, { location }));
        expect(result.isError).toBe(true);
        expect(text).toContain(`Hint: Chatwoot redirected to ${location}`);
        expect(requests).toBe(1);
      }
      expect(upstream.foreign.requests).toEqual([]);
    },
  );
});

describe('secrets in what Chatwoot sends back', () => {
  const echoHeaders: Responder = (request, response) =>
    response
      .writeHead(500, { 'content-type': 'text/html' })
      .end(`<html><body><h1>Internal error</h1><pre>${JSON.stringify(request.headers)}</pre></body></html>`);

  it('a debug page that echoes the request headers: the token is redacted', async () => {
    const { result, text } = await call(GET, echoHeaders);
    expect(result.isError).toBe(true);
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(CANARY.userToken);
  });

  it('no part of a token survives where an error message is cut short', async () => {
    // Chatwoot's message is cut at 300 characters; here the cut falls inside the token.
    const page = `${'x'.repeat(285)} ${CANARY.userToken}`;
    const { result, text } = await call(GET, fault.status(500, { 'content-type': 'text/plain' }, page));
    expect(result.isError).toBe(true);
    expect(text).not.toContain(CANARY.userToken.slice(0, 12));
  });

  it('no part of a token survives where a long reply is shortened to fit the result budget', async () => {
    // Over the budget, long strings are cut to 2000 characters: here the cut falls inside the token.
    const description = `${'x'.repeat(1980)}${CANARY.userToken}${'y'.repeat(40_000)}`;
    const { result, text } = await call(
      GET,
      fault.status(200, { 'content-type': 'application/json' }, JSON.stringify({ id: 7, description })),
    );
    expect(result.isError).toBeFalsy();
    expect(text).toContain('characters cut');
    expect(text).not.toContain(CANARY.userToken.slice(0, 12));
  });
});

describe('afterwards', () => {
  it('still answers a normal call, and wrote nothing but JSON-RPC on stdout', async () => {
    const { result, text, requests } = await call(GET, ok);
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(text)).toEqual({ id: 7, title: 'vip' });
    expect(requests).toBe(1);
    expect(server.protocolErrors).toEqual([]);
  });
});
