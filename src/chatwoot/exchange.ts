import type { ClientRequest, IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http';
import { readBody } from './body.js';
import { ChatwootError } from './errors.js';

/** Where requests go: the base URL's scheme, host and port, read once. */
export interface Origin {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: string;
}

export interface Exchange {
  method: string;
  /** Path and query, percent-encoded. */
  path: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  /** The whole body; an error reply's body as far as it could be read (empty if not at all). */
  text: string;
}

/**
 * Idle keep-alive sockets are closed after this long, before a server's own keep-alive window can close one under a
 * request (4 s, as undici, behind Node's fetch, does; a shorter `Keep-Alive: timeout` from the server is honoured).
 */
const IDLE_SOCKET_MS = 4000;

type Send = (options: RequestOptions, onReply: (response: IncomingMessage) => void) => ClientRequest;
/** One per protocol, kept as a promise so that calls made while it loads share one agent. */
const senders = new Map<string, Promise<Send>>();

/** node:http (or node:https) with a keep-alive agent, loaded on the first request: stdio start-up does without. */
async function load(protocol: Origin['protocol']): Promise<Send> {
  const { Agent, request } = protocol === 'https:' ? await import('node:https') : await import('node:http');
  const agent = new Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS });
  return (options, onReply) => {
    options.agent = agent;
    return request(options, onReply);
  };
}

function senderFor(protocol: Origin['protocol']): Promise<Send> {
  let sender = senders.get(protocol);
  if (!sender) {
    sender = load(protocol);
    senders.set(protocol, sender);
  }
  return sender;
}

const cancelled = () => new ChatwootError('aborted', 'the request was cancelled by the client');

/**
 * One HTTP request and its whole reply within `timeoutMs` for the headers, and again for the body. Nothing is
 * followed: a redirect is a reply like any other. The caller's signal, its cancellation, and the timeout end the
 * request by destroying it (its connection is closed, so Chatwoot sees the request go). A timeout, a cancellation,
 * a success body too large or cut off are ChatwootErrors; a failure before any reply is the socket's own error.
 */
export async function exchange(
  origin: Origin,
  request: Exchange,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Reply> {
  const send = await senderFor(origin.protocol);
  if (signal?.aborted) throw cancelled();
  return new Promise((resolve, reject) => {
    let reply: IncomingMessage | undefined;
    let settled = false;
    const settle = () => {
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
    };
    const fail = (error: Error) => {
      if (settled) return;
      settle();
      outgoing.destroy();
      reject(error);
    };
    const timer = setTimeout(() => {
      fail(
        new ChatwootError(
          'timeout',
          reply
            ? `the reply did not arrive in full within ${timeoutMs} ms`
            : `no reply within ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
    const cancel = () => fail(cancelled());
    signal?.addEventListener('abort', cancel, { once: true });

    const outgoing = send(
      {
        protocol: origin.protocol,
        hostname: origin.hostname,
        port: origin.port,
        method: request.method,
        path: request.path,
        // Node sends a DELETE's body without a length unless told it (Chatwoot's remove_* calls carry one).
        headers:
          request.body === undefined
            ? request.headers
            : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
      },
      (incoming) => {
        reply = incoming;
        timer.refresh();
        const status = incoming.statusCode ?? 0;
        const done = (text: string) => {
          if (settled) return;
          settle();
          resolve({ status, headers: incoming.headers, text });
        };
        readBody(incoming).then(done, (error: Error) => {
          // An error reply whose body cannot be read whole is reported by its status alone: that says what matters.
          if (status >= 200 && status < 300) fail(error);
          else {
            incoming.destroy();
            done('');
          }
        });
      },
    );
    // Before a reply, the socket's error (refused, reset, no such host); after, the body's reading reports it.
    outgoing.on('error', (error) => {
      if (!reply) fail(error);
    });
    outgoing.end(request.body);
  });
}
