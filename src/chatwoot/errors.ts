/**
 * Why a request to Chatwoot did not produce a successful reply. `incomplete`: the connection closed mid-reply;
 * `too_large`: the reply exceeded MAX_RESPONSE_BYTES; `not_api`: a success that is not JSON (a web page answered
 * at the configured address, not Chatwoot's API).
 */
export type ChatwootErrorKind =
  | 'http'
  | 'timeout'
  | 'network'
  | 'incomplete'
  | 'too_large'
  | 'not_api'
  | 'aborted'
  | 'credentials';

export class ChatwootError extends Error {
  constructor(
    readonly kind: ChatwootErrorKind,
    message: string,
    readonly details: { status?: number; body?: unknown; retryAfterSeconds?: number; location?: string } = {},
  ) {
    super(message);
    this.name = 'ChatwootError';
  }
}

/** Chatwoot's own words from an error body: `{error}`, `{message}`, `{errors: [...]}` or an HTML page title. */
export function chatwootMessage(body: unknown): string | undefined {
  if (typeof body === 'string') {
    const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1];
    const text = (title ?? body).replace(/\s+/g, ' ').trim();
    return text === '' ? undefined : text.slice(0, 300);
  }
  if (body === null || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of ['error', 'message', 'errors', 'description']) {
    const value = record[key];
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value))
      parts.push(value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join('; '));
    else if (value && typeof value === 'object') parts.push(JSON.stringify(value));
  }
  const attributes = record.attributes;
  if (Array.isArray(attributes) && attributes.length > 0) parts.push(`fields: ${attributes.join(', ')}`);
  return parts.length > 0 ? parts.join(' — ').slice(0, 1000) : undefined;
}

/** Seconds from a Retry-After header, in either of its forms (delta-seconds or an HTTP date). */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
