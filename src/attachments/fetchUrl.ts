import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress } from './addresses.js';
import { AttachmentError } from './errors.js';

export interface FetchedFile {
  bytes: Buffer;
  contentType: string | undefined;
  finalUrl: URL;
}

const MAX_REDIRECTS = 3;

export interface FetchOptions {
  maxBytes: number;
  allowPrivate: boolean;
  /** Longest silence: for the connection and the headers, then between two chunks of the body. */
  timeoutMs: number;
  /** The whole download, redirects included: a server that drips one byte at a time is cut off here. */
  deadlineMs: number;
  signal?: AbortSignal | undefined;
}

/**
 * Downloads a file over http(s). Every address a name resolves to is checked when the connection is made (not
 * before, so a name cannot resolve to a public address for the check and a private one for the connection);
 * redirects are followed a few times, each checked the same way; the size limit is enforced while reading, and
 * the whole download has a deadline.
 */
export async function fetchUrl(raw: string, options: FetchOptions): Promise<FetchedFile> {
  const deadline = AbortSignal.timeout(options.deadlineMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  try {
    return await download(parseUrl(raw), { ...options, signal });
  } catch (error) {
    if (!deadline.aborted || options.signal?.aborted) throw error;
    throw new AttachmentError(
      `downloading ${raw.slice(0, 200)} took longer than ${options.deadlineMs} ms (CHATWOOT_ATTACHMENT_TIMEOUT_MS)`,
    );
  }
}

async function download(start: URL, options: FetchOptions & { signal: AbortSignal }): Promise<FetchedFile> {
  let url = start;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const response = await get(url, options);
    const location = response.headers.location;
    if (response.statusCode && response.statusCode >= 300 && response.statusCode < 400 && location) {
      response.resume();
      url = parseUrl(new URL(location, url).toString());
      continue;
    }
    if (!response.statusCode || response.statusCode >= 400) {
      response.resume();
      throw new AttachmentError(`${url.origin}${url.pathname} answered HTTP ${response.statusCode}`);
    }
    const bytes = await readLimited(response, options.maxBytes, url, options.signal);
    return { bytes, contentType: response.headers['content-type']?.split(';')[0]?.trim(), finalUrl: url };
  }
  throw new AttachmentError(`more than ${MAX_REDIRECTS} redirects from ${start.origin}${start.pathname}`);
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AttachmentError(`"${raw}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AttachmentError(`only http and https URLs can be fetched, not ${url.protocol}`);
  }
  return url;
}

function get(
  url: URL,
  options: { allowPrivate: boolean; timeoutMs: number; signal?: AbortSignal | undefined },
) {
  // An address written in the URL is not looked up, so it is checked here.
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivate && isIP(literal) !== 0 && isPrivateAddress(literal)) {
    return Promise.reject(new AttachmentError(privateRefusal(url.hostname, literal)));
  }
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as LookupAddress[];
      const refused = options.allowPrivate
        ? undefined
        : list.find((entry) => isPrivateAddress(entry.address));
      if (refused) {
        return callback(new AttachmentError(privateRefusal(hostname, refused.address)), '', 0);
      }
      if (lookupOptions.all) return callback(null, list as never);
      const first = list[0];
      return first
        ? callback(null, first.address, first.family)
        : callback(new Error(`${hostname} did not resolve`), '', 0);
    });
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const outgoing = send(
      url,
      { method: 'GET', lookup, timeout: options.timeoutMs, signal: options.signal },
      resolve,
    );
    outgoing.on('timeout', () =>
      outgoing.destroy(new AttachmentError(`no answer from ${url.host} within ${options.timeoutMs} ms`)),
    );
    outgoing.on('error', (error) =>
      reject(
        error instanceof AttachmentError
          ? error
          : new AttachmentError(`cannot fetch ${url.origin}${url.pathname}: ${error.message}`),
      ),
    );
    outgoing.end();
  });
}

function privateRefusal(host: string, address: string): string {
  return `${host} resolves to a private or loopback address (${address}); set CHATWOOT_ATTACHMENT_ALLOW_PRIVATE_URLS to allow it`;
}

function readLimited(
  response: IncomingMessage,
  maxBytes: number,
  url: URL,
  signal: AbortSignal,
): Promise<Buffer> {
  const tooLarge = () => new AttachmentError(`${url.origin}${url.pathname} is larger than ${maxBytes} bytes`);
  if (Number(response.headers['content-length'] ?? 0) > maxBytes) {
    response.destroy();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      response.destroy();
      reject(signal.reason);
    };
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    response.once('close', () => signal.removeEventListener('abort', stop));
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        response.destroy();
        reject(tooLarge());
      } else chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks)));
    response.on('error', (error) =>
      reject(new AttachmentError(`download from ${url.host} broke off: ${error.message}`)),
    );
  });
}
