import type { KyInstance, Options } from 'ky';
import type { Upload } from '../attachments/load.js';
import type { Auth } from '../catalog/types.js';
import { createRedactor, type Redact } from '../redact.js';
import { readBody } from './body.js';
import { ChatwootError, chatwootMessage, parseRetryAfter } from './errors.js';
import { railsPairs } from './rails.js';
import type { HttpRequest } from './request.js';

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

const IDEMPOTENT_RETRY_STATUSES = [429, 502, 503, 504];

type Ky = typeof import('ky');
let kyModule: Promise<Ky> | undefined;
/** ky is loaded on the first call: its import touches fetch, which makes Node load undici (~15 ms of start-up). */
const loadKy = (): Promise<Ky> => {
  kyModule ??= import('ky');
  return kyModule;
};

/** The one HTTP client every tool call goes through. */
export class ChatwootClient {
  readonly #options: ChatwootClientOptions;
  /**
   * Applied to every body as it arrives, before anything can cut it short: a reply that echoes a token (a debug
   * page, a proxy error) must not leave even part of it in a result shortened later.
   */
  readonly #redact: Redact;
  #http: KyInstance | undefined;

  constructor(options: ChatwootClientOptions) {
    this.#options = options;
    const { userToken, agentBotToken, platformToken } = options.credentials;
    this.#redact = createRedactor([userToken, agentBotToken, platformToken]);
  }

  #instance(ky: Ky): KyInstance {
    this.#http ??= ky.default.create({
      prefixUrl: this.#options.baseUrl,
      timeout: this.#options.timeoutMs,
      // A redirect could carry the token to another host; it is reported instead of followed.
      redirect: 'manual',
      headers: { accept: 'application/json', 'user-agent': this.#options.userAgent },
      ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
    });
    return this.#http;
  }

  tokenFor(auth: Auth): string | undefined {
    const { userToken, agentBotToken, platformToken } = this.#options.credentials;
    if (auth === 'user') return userToken;
    if (auth === 'user_or_bot') return userToken ?? agentBotToken;
    if (auth === 'platform') return platformToken;
    return undefined;
  }

  async send(request: HttpRequest, auth: Auth, signal?: AbortSignal): Promise<ChatwootReply> {
    const token = this.tokenFor(auth);
    if (auth !== 'none' && !token) {
      throw new ChatwootError(
        'credentials',
        `no ${auth === 'platform' ? 'platform' : 'user'} token is configured`,
      );
    }
    const ky = await loadKy();
    const options: Options = {
      method: request.method,
      searchParams: request.searchParams,
      headers: token ? { api_access_token: token } : {},
      retry: this.#retryPolicy(ky, request.method, signal),
      ...(request.uploads?.length ? { body: toFormData(request.json, request.uploads) } : {}),
      ...(request.json !== undefined && !request.uploads?.length ? { json: request.json } : {}),
      ...(signal ? { signal } : {}),
    };
    try {
      const response = await this.#instance(ky)(request.path.slice(1), options);
      const text = this.#redact(await readBody(response, this.#options.timeoutMs));
      const data = parseBody(text);
      if (request.expectJson && data === text && !isJsonType(response)) throw notApi(response, text);
      return { status: response.status, data };
    } catch (error) {
      throw await toChatwootError(ky, error, this.#options.timeoutMs, this.#redact, signal);
    }
  }

  /**
   * Idempotent methods retry on network errors and 429/502/503/504. POST retries only on 429, which Chatwoot
   * (Rack::Attack) sends before processing anything, so a message is never sent twice.
   */
  #retryPolicy(ky: Ky, method: string, signal: AbortSignal | undefined): Options['retry'] {
    const isPost = method === 'POST';
    const maxWait = this.#options.maxRetryAfterSeconds;
    return {
      limit: this.#options.maxRetries,
      methods: [method.toLowerCase() as 'get'],
      statusCodes: isPost ? [429] : IDEMPOTENT_RETRY_STATUSES,
      afterStatusCodes: [429, 503],
      maxRetryAfter: maxWait * 1000,
      backoffLimit: 5000,
      jitter: true,
      shouldRetry: ({ error }) => {
        if (signal?.aborted) return false;
        if (error instanceof ky.HTTPError) {
          const wait = parseRetryAfter(error.response.headers.get('retry-after'));
          if (wait !== undefined && wait > maxWait) return false;
          return undefined;
        }
        return isPost ? false : undefined;
      },
    };
  }
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

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function toChatwootError(
  ky: Ky,
  error: unknown,
  timeoutMs: number,
  redact: Redact,
  signal: AbortSignal | undefined,
): Promise<ChatwootError> {
  if (signal?.aborted) return new ChatwootError('aborted', 'the request was cancelled by the client');
  if (error instanceof ChatwootError) return error;
  if (error instanceof ky.HTTPError) {
    const { response } = error;
    const body = parseBody(redact(await readBody(response, timeoutMs).catch(() => '')));
    return new ChatwootError('http', `HTTP ${response.status}`, {
      status: response.status,
      body,
      ...optional('retryAfterSeconds', parseRetryAfter(response.headers.get('retry-after'))),
      ...optional('location', response.headers.get('location') ?? undefined),
    });
  }
  if (error instanceof ky.TimeoutError)
    return new ChatwootError('timeout', `no reply within ${timeoutMs} ms`);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return new ChatwootError(
    'network',
    cause?.code ?? cause?.message ?? (error as Error).message ?? 'network error',
  );
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
