import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Runtime, Tenant } from '../runtime.js';
import { createServer } from '../server.js';
import {
  createPolicy,
  credentialsFromHeaders,
  fingerprint,
  type Refusal,
  readJsonBody,
  refusalFor,
} from './httpGuards.js';
import { capIdleConnections } from './idleConnections.js';
import { releaseAnsweredStreams } from './jsonResponseLeak.js';
import { type Session, SessionRegistry } from './sessions.js';

export interface HttpHandle {
  url: string;
  /** Stop accepting, let calls in flight finish (up to the shutdown timeout), close every session. */
  shutdown(): Promise<void>;
}

/**
 * One port: Streamable HTTP at /mcp, the older HTTP+SSE transport at GET /sse + POST /messages, and /healthz,
 * /readyz. Every MCP request passes the Host/Origin/token checks; each session or stateless request gets its own
 * McpServer from the same factory, with the tenant its credentials select. With events on, Chatwoot's webhooks
 * arrive at their own path.
 */
export async function serveHttp(runtime: Runtime): Promise<HttpHandle> {
  const { config, log } = runtime;
  const policy = createPolicy(config);
  const sessions = new SessionRegistry(config.maxSessions, config.sessionIdleTimeout * 1000, (id) =>
    log.info(`http session ${id.slice(0, 8)} closed after ${config.sessionIdleTimeout} s idle`),
  );
  let draining = false;
  let inFlight = 0;

  const tenantFor = (request: IncomingMessage): { tenant: Tenant; key: string } | Refusal => {
    const own = config.perRequestCredentials ? credentialsFromHeaders(request) : undefined;
    if (own && 'status' in own) return own;
    if (!own) return { tenant: runtime.defaultTenant, key: 'server' };
    const key = fingerprint(own);
    return { tenant: runtime.tenant(own, key), key };
  };

  /** An open session of that transport, used by the credentials that opened it, or why not. */
  const sessionFor = (id: string, kind: Session['kind'], tenantKey: string): Session | Refusal => {
    const session = sessions.use(id);
    if (session?.kind !== kind) return { status: 404, message: 'Session not found' };
    if (session.tenant !== tenantKey) return { status: 403, message: 'Session belongs to other credentials' };
    return session;
  };

  const handleMcp = async (request: IncomingMessage, response: ServerResponse, path: string) => {
    const refusal = refusalFor(policy, request);
    if (refusal) return reply(response, refusal);
    const selected = tenantFor(request);
    if ('status' in selected) return reply(response, selected);

    let body: unknown;
    if (request.method === 'POST') {
      const read = await readJsonBody(request, policy.maxBodyBytes);
      if (!read.ok) return reply(response, read.refusal);
      body = read.body;
    }

    if (config.stateless && (path === '/sse' || path === '/messages')) {
      return reply(response, {
        status: 404,
        message:
          'Stateless mode: the HTTP+SSE transport needs sessions and is off; use Streamable HTTP at /mcp',
      });
    }
    if (path === '/sse' && request.method === 'GET')
      return openSseSession(response, selected.tenant, selected.key);
    if (path === '/messages' && request.method === 'POST') {
      const id = new URL(request.url ?? '', 'http://localhost').searchParams.get('sessionId') ?? '';
      const session = sessionFor(id, 'sse', selected.key);
      if ('status' in session) return reply(response, session);
      return (session.transport as SSEServerTransport).handlePostMessage(request, response, body);
    }
    if (path !== '/mcp')
      return reply(response, { status: 404, message: 'Not found: MCP is served at /mcp (and /sse)' });
    if (config.stateless) return serveStateless(request, response, body, selected.tenant);

    const id = request.headers['mcp-session-id'];
    if (typeof id === 'string') {
      const session = sessionFor(id, 'streamable', selected.key);
      if ('status' in session) return reply(response, session);
      return (session.transport as StreamableHTTPServerTransport).handleRequest(request, response, body);
    }
    if (request.method !== 'POST' || !isInitializeRequest(body)) {
      return reply(response, { status: 400, message: 'No session: send an initialize request first' });
    }
    if (sessions.full)
      return reply(response, { status: 503, message: 'Too many open sessions; try again later' });
    const server = createServer(runtime, selected.tenant);
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      // A call is answered with one JSON body (one write) instead of an event stream per POST (headers flushed, an
      // event, the end, a keep-alive timer). Nothing is lost: what this server sends on its own (log lines,
      // elicitation, resource updates) goes on the session's GET stream, never on a call's stream.
      enableJsonResponse: true,
      onsessioninitialized: (sessionId: string): void =>
        sessions.add(sessionId, {
          kind: 'streamable',
          transport,
          server,
          tenant: selected.key,
          lastSeen: Date.now(),
        }),
    });
    releaseAnsweredStreams(transport);
    transport.onclose = () => {
      if (transport.sessionId) sessions.forget(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(request, response, body);
  };

  const serveStateless = async (
    request: IncomingMessage,
    response: ServerResponse,
    body: unknown,
    tenant: Tenant,
  ) => {
    if (request.method !== 'POST') {
      return reply(response, {
        status: 405,
        message: 'Stateless mode: POST only',
        headers: { allow: 'POST' },
      });
    }
    const server = createServer(runtime, tenant);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    // A client that hangs up before its answer stops the call's work (the request to Chatwoot). After an answer
    // nothing of the request is left running, and the two objects are garbage: closing them would only cost.
    response.on('close', () => {
      if (!response.writableFinished) void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request, response, body);
  };

  const openSseSession = async (response: ServerResponse, tenant: Tenant, key: string) => {
    if (sessions.full)
      return reply(response, { status: 503, message: 'Too many open sessions; try again later' });
    const transport = new SSEServerTransport('/messages', response);
    const server = createServer(runtime, tenant);
    sessions.add(transport.sessionId, { kind: 'sse', transport, server, tenant: key, lastSeen: Date.now() });
    response.on('close', () => void sessions.close(transport.sessionId));
    await server.connect(transport);
  };

  const readiness = async (): Promise<Refusal | undefined> => {
    if (draining) return { status: 503, message: 'shutting down' };
    if (!config.readyCheckChatwoot) return undefined;
    try {
      const answer = await fetch(`${runtime.baseUrl}/api`, {
        signal: AbortSignal.timeout(3000),
        redirect: 'manual',
      });
      return answer.status < 500
        ? undefined
        : { status: 503, message: `Chatwoot answered HTTP ${answer.status}` };
    } catch {
      return { status: 503, message: 'Chatwoot is unreachable' };
    }
  };

  const httpServer = createHttpServer((request, response) => {
    const started = performance.now();
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    // Health probes come every few seconds: logged only at debug, so they do not bury what matters.
    const logAt = path === '/healthz' || path === '/readyz' ? log.debug : log.info;
    response.on('finish', () =>
      logAt(
        `http ${JSON.stringify({ method: request.method, path, status: response.statusCode, ms: Math.round(performance.now() - started) })}`,
      ),
    );
    if (path === '/healthz' && request.method === 'GET') {
      return reply(
        response,
        draining ? { status: 503, message: 'shutting down' } : { status: 200, message: 'ok' },
      );
    }
    if (path === '/readyz' && request.method === 'GET') {
      return void readiness().then((problem) =>
        reply(response, problem ?? { status: 200, message: 'ready' }),
      );
    }
    if (path.startsWith('/.well-known/')) {
      // Before the token check: a 401 here sends clients such as the MCP Inspector into an OAuth flow that
      // cannot succeed, since this server takes a bearer token (MCP_AUTH_TOKEN) and offers no OAuth.
      return reply(response, {
        status: 404,
        message: 'Not found: no OAuth here; send Authorization: Bearer <MCP_AUTH_TOKEN>',
      });
    }
    if (draining)
      return reply(response, { status: 503, message: 'Shutting down', headers: { connection: 'close' } });
    const counted = request.method === 'POST';
    if (counted) {
      inFlight++;
      response.once('close', () => inFlight--);
    }
    // Chatwoot's webhooks carry their own credential (the signature): no bearer token, no Host check.
    const webhook = runtime.events?.webhook;
    const handled =
      webhook && path === webhook.path
        ? webhook.receive(request).then((answer) => reply(response, answer))
        : handleMcp(request, response, path);
    handled.catch((error: unknown) => {
      log.error(`http ${path} failed: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) reply(response, { status: 500, message: 'Internal error' });
      else response.end();
    });
  });
  httpServer.headersTimeout = 20_000;
  httpServer.requestTimeout = 60_000;
  capIdleConnections(httpServer, config.maxIdleConnections);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(listenFailure(error, config.host, config.port))),
    );
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  return {
    url,
    shutdown: async () => {
      draining = true;
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      const deadline = Date.now() + config.shutdownTimeout * 1000;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
      await sessions.closeAll();
      httpServer.closeAllConnections();
      await closed;
    },
  };
}

/** What stopped the server from listening, and what to do about it. */
function listenFailure(error: NodeJS.ErrnoException, host: string, port: number): string {
  const where = `${host}:${port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return `cannot listen on ${where}: the port is already in use (another chatwoot-mcp, or another server); stop that one, or choose another port with MCP_PORT (0 picks a free one)`;
    case 'EACCES':
      return `cannot listen on ${where}: this user may not open port ${port}; choose a port above 1023 with MCP_PORT`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${where}: ${host} is not an address of this machine; set MCP_HOST to one of its addresses (127.0.0.1: this machine only; 0.0.0.0: every interface)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot listen on ${where}: the name ${host} does not resolve; set MCP_HOST to an address such as 127.0.0.1`;
    default:
      return `cannot listen on ${where}: ${error.message}`;
  }
}

/** Answers with JSON: a JSON-RPC error body for refusals (what MCP clients read), `{status}` for health. */
function reply(response: ServerResponse, refusal: Refusal): void {
  if (response.headersSent) return void response.end();
  const body =
    refusal.status < 300
      ? { status: refusal.message }
      : { jsonrpc: '2.0', error: { code: -32000, message: refusal.message }, id: null };
  response.writeHead(refusal.status, { 'content-type': 'application/json', ...refusal.headers });
  response.end(JSON.stringify(body));
}
