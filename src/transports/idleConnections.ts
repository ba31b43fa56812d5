import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Keeps at most `max` connections that carry no request (opened and silent, or kept alive after an answer):
 * beyond that the oldest idle one is closed. Connections busy with a request or an event stream are never
 * counted, so a crowd of idle sockets cannot use up the process's file descriptors, nor push out work.
 */
export function capIdleConnections(server: Server, max: number): void {
  const idle = new Set<Socket>();
  const park = (socket: Socket) => {
    if (socket.destroyed) return;
    idle.add(socket);
    for (const oldest of idle) {
      if (idle.size <= max) break;
      idle.delete(oldest);
      oldest.destroy();
    }
  };
  server.on('connection', (socket: Socket) => {
    park(socket);
    socket.once('close', () => idle.delete(socket));
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    idle.delete(request.socket);
    response.once('finish', () => park(request.socket));
  });
}
