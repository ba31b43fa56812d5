import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isLoopback } from '../config.js';
import type { TenantCredentials } from '../runtime.js';

/** Who may talk to the HTTP server, from the config: Host and Origin allow-lists, bearer token, body limit. */
export interface HttpPolicy {
  allowedHosts: Set<string> | undefined;
  allowedOrigins: Set<string> | undefined;
  /** The digest of MCP_AUTH_TOKEN, computed once: each request's token is hashed and compared with it. */
  authDigest: Buffer | undefined;
  maxBodyBytes: number;
}

export interface Refusal {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]', '::1'];

export function createPolicy(options: {
  host: string;
  allowedHosts?: string[] | undefined;
  allowedOrigins?: string[] | undefined;
  authToken?: string | undefined;
  maxBodyBytes: number;
}): HttpPolicy {
  const hosts = options.allowedHosts?.length
    ? options.allowedHosts
    : isLoopback(options.host)
      ? LOOPBACK_NAMES
      : undefined;
  return {
    allowedHosts: hosts ? new Set(hosts.map((host) => host.toLowerCase())) : undefined,
    allowedOrigins: options.allowedOrigins?.length
      ? new Set(options.allowedOrigins.map((origin) => origin.toLowerCase()))
      : undefined,
    authDigest: options.authToken === undefined ? undefined : digest(options.authToken),
    maxBodyBytes: options.maxBodyBytes,
  };
}

/**
 * Host and Origin checks against DNS rebinding (a web page must not reach a server on the user's machine through
 * a name it controls), then the bearer token.
 */
export function refusalFor(policy: HttpPolicy, request: IncomingMessage): Refusal | undefined {
  const host = (request.headers.host ?? '').toLowerCase();
  if (policy.allowedHosts) {
    const name = hostname(host);
    if (!policy.allowedHosts.has(host) && (name === undefined || !policy.allowedHosts.has(name)))
      return { status: 403, message: `Host "${host}" is not allowed (set MCP_ALLOWED_HOSTS)` };
  }
  const origin = request.headers.origin?.toLowerCase();
  if (origin !== undefined && !originAllowed(policy, origin)) {
    return { status: 403, message: `Origin "${origin}" is not allowed (set MCP_ALLOWED_ORIGINS)` };
  }
  if (policy.authDigest !== undefined && !bearerMatches(request.headers.authorization, policy.authDigest)) {
    return {
      status: 401,
      message: 'Missing or wrong bearer token (Authorization: Bearer <MCP_AUTH_TOKEN>)',
      headers: { 'www-authenticate': 'Bearer realm="chatwoot-mcp"' },
    };
  }
  return undefined;
}

/**
 * The name of a Host header, `name[:port]` or `[ipv6][:port]`; undefined when it is neither (`localhost:evil.com`
 * is no host and port, and must not pass as localhost).
 */
export function hostname(host: string): string | undefined {
  return /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d{1,5})?$/.exec(host)?.[1];
}

function originAllowed(policy: HttpPolicy, origin: string): boolean {
  if (policy.allowedOrigins) return policy.allowedOrigins.has(origin);
  try {
    return isLoopback(new URL(origin).hostname);
  } catch {
    return false;
  }
}

/** Compares digests, so the time taken says nothing about the token, not even its length. */
function bearerMatches(header: string | undefined, tokenDigest: Buffer): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  return timingSafeEqual(digest(match[1].trim()), tokenDigest);
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export type BodyResult = { ok: true; body: unknown } | { ok: false; refusal: Refusal };
export type RawBodyResult = { ok: true; body: Buffer } | { ok: false; refusal: Refusal };

/** Reads a JSON body up to the limit (see readRawBody). */
export async function readJsonBody(request: IncomingMessage, limit: number): Promise<BodyResult> {
  const read = await readRawBody(request, limit, 'MCP_MAX_BODY_BYTES');
  if (!read.ok) return read;
  const text = read.body.toString('utf8');
  try {
    return { ok: true, body: text === '' ? undefined : JSON.parse(text) };
  } catch {
    return { ok: false, refusal: { status: 400, message: 'Request body is not valid JSON' } };
  }
}

/**
 * Reads a body up to the limit, as it came. A larger one is refused with 413; the rest of it is read and dropped
 * so the client sees the answer instead of a broken pipe, and a sender that goes on far beyond the limit is cut
 * off.
 */
export function readRawBody(
  request: IncomingMessage,
  limit: number,
  setting: string,
): Promise<RawBodyResult> {
  const tooLarge: RawBodyResult = {
    ok: false,
    refusal: { status: 413, message: `Request body over ${limit} bytes (${setting})` },
  };
  const discard = () => {
    let dropped = 0;
    request.removeAllListeners('data');
    request.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > DISCARD_LIMIT) request.destroy();
    });
    request.resume();
  };
  if (Number(request.headers['content-length'] ?? 0) > limit) {
    discard();
    return Promise.resolve(tooLarge);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      discard();
      resolve(tooLarge);
    });
    request.on('end', () => {
      if (size <= limit) resolve({ ok: true, body: Buffer.concat(chunks) });
    });
    request.on('error', () =>
      resolve({ ok: false, refusal: { status: 400, message: 'Request body could not be read' } }),
    );
  });
}

const DISCARD_LIMIT = 64 * 1024 * 1024;

export const CREDENTIAL_HEADERS = {
  userToken: 'x-chatwoot-api-token',
  agentBotToken: 'x-chatwoot-agent-bot-token',
  platformToken: 'x-chatwoot-platform-token',
  accountId: 'x-chatwoot-account-id',
} as const;

/**
 * A tenant's own Chatwoot credentials from X-Chatwoot-* headers; undefined when the request carries none. The
 * base URL never comes from a request, so nobody can point the server at another host.
 */
export function credentialsFromHeaders(request: IncomingMessage): TenantCredentials | Refusal | undefined {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const credentials: TenantCredentials = {
    userToken: header(CREDENTIAL_HEADERS.userToken),
    agentBotToken: header(CREDENTIAL_HEADERS.agentBotToken),
    platformToken: header(CREDENTIAL_HEADERS.platformToken),
  };
  const account = header(CREDENTIAL_HEADERS.accountId);
  if (account !== undefined) {
    if (!/^[1-9]\d{0,17}$/.test(account))
      return { status: 400, message: `${CREDENTIAL_HEADERS.accountId} must be a positive whole number` };
    credentials.accountId = Number(account);
  }
  const given = Object.values(credentials).some((value) => value !== undefined);
  return given ? credentials : undefined;
}

/**
 * A non-reversible name for a credential set: the tenant cache and session binding key on it, never on a token.
 * The whole digest: a collision would hand one tenant another's credentials.
 */
export function fingerprint(credentials: TenantCredentials): string {
  const material = JSON.stringify([
    credentials.userToken,
    credentials.agentBotToken,
    credentials.platformToken,
    credentials.accountId,
  ]);
  return createHash('sha256').update(material).digest('hex');
}
