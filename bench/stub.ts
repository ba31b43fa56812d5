// The Chatwoot every benchmark calls: a loopback HTTP server in a process of its own, so that neither the server
// measured nor the load generator shares an event loop with it. Prints its URL on stdout, then serves until killed.
// POST /mcp is no Chatwoot path: there it answers any JSON-RPC request at once with an empty result, the fastest
// MCP server there could be, which tells how many calls per second the HTTP load generator itself can drive.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const LABEL = '{"id":7,"title":"vip","description":"Customers on the premium plan","color":"#1f93ff"}';

const server = createServer((request, response) => {
  if (request.method === 'POST' && request.url === '/mcp') {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      const { id } = JSON.parse(body) as { id?: number };
      response.writeHead(id === undefined ? 202 : 200, { 'content-type': 'application/json' });
      response.end(id === undefined ? undefined : JSON.stringify({ jsonrpc: '2.0', id, result: {} }));
    });
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(LABEL);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
