// The Chatwoot every benchmark calls: a loopback HTTP server in a process of its own, so that neither the server
// measured nor the load generator shares an event loop with it. Prints its URL on stdout, then serves until killed.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const LABEL = '{"id":7,"title":"vip","description":"Customers on the premium plan","color":"#1f93ff"}';

const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(LABEL);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
