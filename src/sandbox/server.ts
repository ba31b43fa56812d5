import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { authenticate, resolveAccount } from './auth.js';
import { readBody } from './body.js';
import type { Ctx, Reply } from './context.js';
import { HttpError } from './errors.js';
import { paramsFrom } from './params.js';
import type { Router } from './router.js';
import type { Store } from './store/store.js';

export function createSandboxServer(router: Router, store: Store, fallbackUrl: () => string): Server {
  return createServer((req, res) => {
    respond(req, router, store, fallbackUrl)
      .catch(toReply)
      .then((reply) => send(res, reply))
      .catch(() => res.destroy());
  });
}

async function respond(
  req: IncomingMessage,
  router: Router,
  store: Store,
  fallbackUrl: () => string,
): Promise<Reply> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const found = router.match(method, url.pathname);
  if (!found) {
    req.resume();
    return { status: 501, body: { error: `The sandbox does not implement ${method} ${url.pathname}` } };
  }
  const header = req.headers.api_access_token;
  const token = Array.isArray(header) ? header[0] : header;
  const principal = authenticate(found.route, token, store);
  const account =
    found.route.family === 'application'
      ? resolveAccount(found.route, found.params.account_id, principal, store)
      : undefined;
  const { body, files } = await readBody(req);
  const ctx: Ctx = {
    store,
    baseUrl: req.headers.host ? `http://${req.headers.host}` : fallbackUrl(),
    method,
    path: url.pathname,
    params: found.params,
    query: paramsFrom(url.searchParams),
    body,
    files,
    principal,
    account,
  };
  return found.route.handler(ctx);
}

function toReply(error: unknown): Reply {
  if (error instanceof HttpError) return { status: error.status, body: error.body };
  const reason = error instanceof Error ? error.message : String(error);
  return { status: 500, body: { error: `The sandbox failed while handling this request: ${reason}` } };
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply.raw !== undefined) {
    res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/octet-stream' });
    res.end(reply.raw);
    return;
  }
  if (reply.body === undefined) {
    res.writeHead(reply.status);
    res.end();
    return;
  }
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(reply.body));
}
