import type { Upload } from '../attachments/load.js';
import type { Auth } from '../catalog/types.js';
import { createRedactor, type Redact } from '../redact.js';
import { readBody } from './body.js';
import { ChatwootError, chatwootMessage, parseRetryAfter } from './errors.js';
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
  fetch?: typeof fetch;
}

export interface ChatwootReply {
  status: number;
  /** Parsed JSON, or the text when the reply is not JSON, or undefined when it is empty. */
  data: unknown;
}

/**
 * The one HTTP client every tool call goes through: fetch, with what a call needs around it and nothing more
 * (one abort controller per attempt serves the caller's cancellation and the timeout alike; see retry.ts for
 * when an attempt is repeated).
 */
export class ChatwootClient {
  readonly #options: ChatwootClientOptions;
  readonly #baseUrl: string;
  /** The headers of each auth, without and with a JSON body: built once, not per request. */
  readonly #headers: Record<Auth, { plain: Record<string, string>; json: Record<string, string> }>;
  /**
   * Applied to every body as it arrives, before anything can cut it short: a reply that echoes a token (a debug
   * page, a proxy error) must not leave even part of it in a result shortened later.
   */
  readonly #redact: Redact;

  constructor(options: ChatwootClientOptions) {
    this.#options = options;
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    const headersWith = (token: string | undefined) => {
      const plain: Record<string, string> = { accept: 'application/json', 'user-agent': options.userAgent };
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
    const url = `${this.#baseUrl}${request.path}${query}`;
    const headers = this.#headers[auth];
    // A redirect could carry the token to another host; it is reported instead of followed.
    const init: RequestInit = { method: request.method, headers: headers.plain, redirect: 'manual' };
    if (request.uploads?.length) init.body = toFormData(request.json, request.uploads);
    else if (request.json !== undefined) {
      init.body = JSON.stringify(request.json);
      init.headers = headers.json;
    }
    for (let retry = 0; ; retry++) {
      let failure: ChatwootError;
      try {
        const reply = await this.#attempt(url, init, request.expectJson === true, signal);
        if (reply.ok) return { status: reply.status, data: reply.data };
        failure = reply.error;
      } catch (error) {
        failure = error instanceof ChatwootError ? error : this.#networkError(error);
      }
      const wait = signal?.aborted ? undefined : retryDelay(this.#retryPolicy(request), failure, retry + 1);
      if (wait === undefined) throw failure;
      await pause(wait, signal);
    }
  }

  #retryPolicy(request: HttpRequest): RetryPolicy {
    return {
      method: request.method,
      limit: this.#options.maxRetries,
      maxRetryAfterSeconds: this.#options.maxRetryAfterSeconds,
    };
  }

  /**
   * One request and its whole body within the timeout: a reply (successful or an HTTP error with its body), or a
   * thrown ChatwootError for a timeout, a cancellation, a body too large or cut off. Its abort controller serves
   * the caller's cancellation and the timeout alike (fetch needs one signal; the caller's alone cannot time out).
   */
  async #attempt(
    url: string,
    init: RequestInit,
    expectJson: boolean,
    signal: AbortSignal | undefined,
  ): Promise<{ ok: true; status: number; data: unknown } | { ok: false; error: ChatwootError }> {
    const timeoutMs = this.#options.timeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const cancel = () => controller.abort();
    if (signal?.aborted) controller.abort();
    signal?.addEventListener('abort', cancel, { once: true });
    init.signal = controller.signal;
    let response: Response | undefined;
    try {
      response = await (this.#options.fetch ?? fetch)(url, init);
      timer.refresh();
      if (response.ok) {
        const text = this.#redact(await readBody(response));
        const data = parseBody(text);
        if (expectJson && data === text && !isJsonType(response)) throw notApi(response, text);
        return { ok: true, status: response.status, data };
      }
      // An error is reported with whatever of its body arrives.
      const text = this.#redact(await readBody(response).catch(() => ''));
      return { ok: false, error: httpError(response, parseBody(text)) };
    } catch (error) {
      if (signal?.aborted) throw new ChatwootError('aborted', 'the request was cancelled by the client');
      if (timedOut) {
        throw new ChatwootError(
          'timeout',
          response
            ? `the reply did not arrive in full within ${timeoutMs} ms`
            : `no reply within ${timeoutMs} ms`,
        );
      }
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
    }
  }

  #networkError(error: unknown): ChatwootError {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return new ChatwootError(
      'network',
      cause?.code ?? cause?.message ?? (error as Error).message ?? 'network error',
    );
  }
}

const isJsonType = (response: Response) => /json/i.test(response.headers.get('content-type') ?? '');

/** A page where JSON was due: a login screen, a proxy's page, the dashboard of a pasted browser address. */
function notApi(response: Response, text: string): ChatwootError {
  const type = response.headers.get('content-type')?.split(';')[0] ?? 'no content type';
  const page = chatwootMessage(text);
  return new ChatwootError(
    'not_api',
    `the answer is not JSON but ${type}${page ? ` ("${page.slice(0, 80)}")` : ''}`,
  );
}

function httpError(response: Response, body: unknown): ChatwootError {
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  const location = response.headers.get('location');
  return new ChatwootError('http', `HTTP ${response.status}`, {
    status: response.status,
    body,
    ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
    ...(location === null ? {} : { location }),
  });
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
