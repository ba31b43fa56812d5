import { type RecordingServer, type Responder, startRecordingServer } from './recordingServer.js';

/** Replies that go wrong the ways a Chatwoot behind proxies and load balancers can. */
export const fault = {
  status:
    (status: number, headers: Record<string, string> = {}, body = ''): Responder =>
    (_request, response) =>
      response.writeHead(status, headers).end(body),

  /** Headers only after `ms`. */
  slowHeaders:
    (ms: number): Responder =>
    (_request, response) => {
      const timer = setTimeout(() => response.writeHead(200).end('{"late":true}'), ms);
      response.once('close', () => clearTimeout(timer));
    },

  /** Headers at once, then part of the body, then nothing until `ms`. */
  stalledBody:
    (ms: number): Responder =>
    (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).write('{"payload":[');
      const timer = setTimeout(() => response.end('1]}'), ms);
      response.once('close', () => clearTimeout(timer));
    },

  /** The connection closes after half of the promised body. */
  resetMidBody: (): Responder => (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
    response.write(`{"payload":"${'x'.repeat(80)}`, () => response.socket?.destroy());
  },

  /** The connection closes before any reply. */
  resetBeforeReply: (): Responder => (_request, response) => response.socket?.destroy(),

  /** `bytes` of valid JSON, streamed in 64 KiB chunks; with `declared`, its length is announced up front. */
  hugeBody:
    (bytes: number, declared = false): Responder =>
    (_request, response) => {
      const chunk = Buffer.from(`"${'y'.repeat(64 * 1024 - 4)}",`);
      const count = Math.floor(bytes / chunk.length);
      const total = 1 + count * chunk.length + 3;
      response.writeHead(200, {
        'content-type': 'application/json',
        ...(declared ? { 'content-length': String(total) } : {}),
      });
      response.write('[');
      let sent = 0;
      const pump = () => {
        while (sent < count) {
          sent++;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        response.end('"z"]');
      };
      response.on('error', () => {});
      pump();
    },
};

/** A page a reverse proxy (nginx) shows when Chatwoot behind it is down. */
export const PROXY_ERROR_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n';

export interface FaultyUpstream extends RecordingServer {
  /** Another host: a redirect points there, and it records whatever reaches it. */
  foreign: RecordingServer;
  /** Replies with each responder in turn, then with the last one for every further request. */
  script(...responders: Responder[]): void;
}

/** A stand-in Chatwoot that records every request and answers as scripted, plus a foreign host beside it. */
export async function startFaultyUpstream(): Promise<FaultyUpstream> {
  const upstream = await startRecordingServer();
  const foreign = await startRecordingServer();
  return {
    ...upstream,
    foreign,
    script: (...responders) => {
      let next = 0;
      upstream.respondWith((request, response) => {
        const responder = responders[Math.min(next++, responders.length - 1)];
        responder?.(request, response);
      });
    },
    close: async () => {
      await Promise.all([upstream.close(), foreign.close()]);
    },
  };
}
