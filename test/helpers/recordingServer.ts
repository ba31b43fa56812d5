import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body's bytes, for multipart uploads. */
  raw: Buffer;
}

export type Responder = (request: RecordedRequest, response: ServerResponse) => void;

export interface RecordingServer {
  url: string;
  requests: RecordedRequest[];
  respondWith(responder: Responder): void;
  close(): Promise<void>;
}

const replyOk: Responder = (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ id: 1, recorded: true }));
};

/** A stand-in for Chatwoot on 127.0.0.1 that records every request the tools send. */
export async function startRecordingServer(): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  let responder = replyOk;
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        raw: Buffer.concat(chunks),
      };
      // The server's one-time version probe (tools with x-chatwoot-min-version) is answered as Chatwoot
      // answers it, and not recorded: the recorded requests are the tools' own.
      if (request.method === 'GET' && request.url === '/api') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ version: '4.13.0', timestamp: '2026-12-01 00:00:00' }));
        return;
      }
      requests.push(request);
      responder(request, response);
    });
  });
  // Idle keep-alive sockets stay open for the whole test: a call made just as the default 5 s timer closes one
  // would otherwise fail with ECONNRESET (seen on a loaded machine), which no test here is about.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith: (next) => {
      responder = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A recording server for the tests of one file: started before them, emptied and set to answer `status` with
 * `body` before each, closed after them. The returned object stands for it once started.
 */
export function useRecordingServer(status = 200, body = '{"id":1}'): RecordingServer {
  let server: RecordingServer | undefined;
  const started = () => {
    if (!server) throw new Error('the recording server starts in beforeAll');
    return server;
  };
  beforeAll(async () => {
    server = await startRecordingServer();
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    started().requests.length = 0;
    started().respondWith((_request, response) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(body),
    );
  });
  return {
    get url() {
      return started().url;
    },
    get requests() {
      return started().requests;
    },
    respondWith: (responder) => started().respondWith(responder),
    close: () => started().close(),
  };
}
