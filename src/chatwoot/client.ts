import type { Upload } from '../attachments/load.js';
import type { Auth } from '../catalog/types.js';
import { createRedactor, type Redact } from '../redact.js';
import { ChatwootError, chatwootMessage, parseRetryAfter } from './errors.js';
import { exchange, type Origin, type Reply } from './exchange.js';
import { railsPairs } from './rails.js';
import type { HttpRequest } from './request.js';
import { type RetryPolicy, retryDelay } from './retry.js';

export interface Credentials {
  /** A user's access token (Profile settings → Access token). */
  userToken?: string | undefined;
  /** An agent bot's access token: accepted by Chatwoot on a few conversation endpoints only. */
  agentBotToken?: string | undefined;
  /** A platform app's token (super admin console). */
  platformToken?: string | undefined;
}

export interface ChatwootClientOptions {
  baseUrl: string;
  credentials: Credentials;
  /** Per attempt: the wait for the headers, and again for the whole body. */
  timeoutMs: number;
  /** Retries after the first attempt; only where a retry cannot repeat an effect. */
  maxRetries: number;
  /** A 429 asking to wait longer than this is returned to the caller instead of waited out. */
  maxRetryAfterSeconds: number;
  userAgent: string;
}

export interface ChatwootReply {
  status: number;
  /** Parsed JSON, or the text when the reply is not JSON, or undefined when it is empty. */
  data: unknown;
}

/**
 * The one HTTP client every tool call goes through, on node:http: what a call needs around one exchange (see
 * exchange.ts) and nothing more: the token of the operation's family, retries where they cannot repeat an effect
 * (retry.ts), Chatwoot's errors as ChatwootErrors, every body redacted as it arrives.
 *
 * Why node:http and not fetch: measured in one process against a loopback Chatwoot, a get_label call cost about
 * 370 µs of CPU with fetch and 185 µs with node:http (the one-tool MCP server with fetch: 310). fetch builds a
 * WHATWG Request, Headers, Response and a web stream per call and follows the signal it is given through a WeakRef
 * and a FinalizationRegistry; the process collected garbage about twice as long per call. Here the caller's signal
 * is the only one: the timeout and the cancellation destroy the request themselves.
 */
export class ChatwootClient {
  readonly #options: ChatwootClientOptions;
  readonly #origin: Origin;
  /** A path prefix Chatwoot is served under (e.g. /chatwoot), or ''. */
  readonly #basePath: string;
  /** The headers of each auth, without and with a JSON body: built once, not per request. */
  readonly #headers: Record<Auth, { plain: Record<string, string>; json: Record<string, string> }>;
  /**
   * Applied to every body as it arrives, before anything can cut it short: a reply that echoes a token (a debug
   * page, a proxy error) must not leave even part of it in a result shortened later.
   */
  readonly #redact: Redact;

  constructor(options: ChatwootClientOptions) {
    this.#options = options;
    const base = new URL(options.baseUrl);
    this.#origin = {
      protocol: base.protocol === 'https:' ? 'https:' : 'http:',
      // An IPv6 literal is written in brackets in a URL, and without them for a connection.
      hostname: base.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: base.port,
    };
    this.#basePath = base.pathname.replace(/\/+$/, '');
    const headersWith = (token: string | undefined) => {
      const plain: Record<string, string> = {
        accept: 'application/json',
        'user-agent': options.userAgent,
        // What fetch asked for: a Chatwoot behind a proxy that compresses sends a fraction of the bytes.
        'accept-encoding': 'gzip, deflate, br',
      };
      if (token) plain.api_access_token = token;
      return { plain, json: { ...plain, 'content-type': 'application/json' } };
    };
    this.#headers = {
      user: headersWith(this.tokenFor('user')),
      user_or_bot: headersWith(this.tokenFor('user_or_bot')),
      platform: headersWith(this.tokenFor('platform')),
      none: headersWith(undefined),
    };
    const { userToken, agentBotToken, platformToken } = options.credentials;
    this.#redact = createRedactor([userToken, agentBotToken, platformToken]);
  }

  tokenFor(auth: Auth): string | undefined {
    const { userToken, agentBotToken, platformToken } = this.#options.credentials;
    if (auth === 'user') return userToken;
    if (auth === 'user_or_bot') return userToken ?? agentBotToken;
    if (auth === 'platform') return platformToken;
    return undefined;
  }

  async send(request: HttpRequest, auth: Auth, signal?: AbortSignal): Promise<ChatwootReply> {
    if (auth !== 'none' && !this.tokenFor(auth)) {
      throw new ChatwootError(
        'credentials',
        `no ${auth === 'platform' ? 'platform' : 'user'} token is configured`,
      );
    }
    const query = request.searchParams.size > 0 ? `?${request.searchParams}` : '';
    const headers = this.#headers[auth];
    const outgoing = {
      method: request.method,
      path: `${this.#basePath}${request.path}${query}`,
      headers: headers.plain,
      body: undefined as string | Buffer | undefined,
    };
    if (request.uploads?.length) {
      const form = await multipart(request.json, request.uploads);
      outgoing.body = form.body;
      outgoing.headers = { ...headers.plain, 'content-type': form.type };
    } else if (request.json !== undefined) {
      outgoing.body = JSON.stringify(request.json);
      outgoing.headers = headers.json;
    }
    for (let retry = 0; ; retry++) {
      let failure: ChatwootError;
      try {
        const reply = await exchange(this.#origin, outgoing, this.#options.timeoutMs, signal);
        if (reply.status >= 200 && reply.status < 300)
          return this.#success(reply, request.expectJson === true);
        failure = httpError(reply, parseBody(this.#redact(reply.text)));
      } catch (error) {
        failure = error instanceof ChatwootError ? error : this.#networkError(error);
      }
      const wait = signal?.aborted ? undefined : retryDelay(this.#retryPolicy(request), failure, retry + 1);
      if (wait === undefined) throw failure;
      await pause(wait, signal);
    }
  }

  #success(reply: Reply, expectJson: boolean): ChatwootReply {
    const text = this.#redact(reply.text);
    const data = parseBody(text);
    if (expectJson && data === text && !isJsonType(reply)) throw notApi(reply, text);
    return { status: reply.status, data };
  }

  #retryPolicy(request: HttpRequest): RetryPolicy {
    return {
      method: request.method,
      limit: this.#options.maxRetries,
      maxRetryAfterSeconds: this.#options.maxRetryAfterSeconds,
    };
  }

  #networkError(error: unknown): ChatwootError {
    const { code, message } = error as { code?: string; message?: string };
    return new ChatwootError('network', code ?? message ?? 'network error');
  }
}

const isJsonType = (reply: Reply) => /json/i.test(reply.headers['content-type'] ?? '');

/** A page where JSON was due: a login screen, a proxy's page, the dashboard of a pasted browser address. */
function notApi(reply: Reply, text: string): ChatwootError {
  const type = reply.headers['content-type']?.split(';')[0] ?? 'no content type';
  const page = chatwootMessage(text);
  return new ChatwootError(
    'not_api',
    `the answer is not JSON but ${type}${page ? ` ("${page.slice(0, 80)}")` : ''}`,
  );
}

function httpError(reply: Reply, body: unknown): ChatwootError {
  const retryAfter = parseRetryAfter(header(reply, 'retry-after') ?? null);
  const location = header(reply, 'location');
  return new ChatwootError('http', `HTTP ${reply.status}`, {
    status: reply.status,
    body,
    ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
    ...(location === undefined ? {} : { location }),
  });
}

function header(reply: Reply, name: string): string | undefined {
  const value = reply.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Waits before a retry; a cancelled call stops waiting at once. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      reject(new ChatwootError('aborted', 'the request was cancelled by the client'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/** Files and fields as multipart/form-data: its bytes and its type (with the boundary), encoded by a fetch Response. */
async function multipart(fields: unknown, uploads: Upload[]): Promise<{ body: Buffer; type: string }> {
  const encoded = new Response(toFormData(fields, uploads));
  const type = encoded.headers.get('content-type') ?? 'multipart/form-data';
  return { body: Buffer.from(await encoded.arrayBuffer()), type };
}

function toFormData(fields: unknown, uploads: Upload[]): FormData {
  const form = new FormData();
  if (fields !== null && typeof fields === 'object') {
    for (const [name, value] of Object.entries(fields)) {
      for (const [key, item] of railsPairs(name, value)) form.append(key, item);
    }
  }
  for (const upload of uploads) {
    form.append(
      upload.field,
      new Blob([new Uint8Array(upload.bytes)], { type: upload.contentType }),
      upload.filename,
    );
  }
  return form;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
