// The baseline: the smallest useful MCP server, bundled exactly like chatwoot-mcp. One tool, `get_label`, with a
// zod schema, that fetches the label from CHATWOOT_BASE_URL and returns its JSON as text, as a hand-written
// one-tool Chatwoot server would. Serves stdio, or with `--http` stateful Streamable HTTP on an ephemeral port
// (the URL printed on stderr).
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import * as z from 'zod';

const baseUrl = process.env.CHATWOOT_BASE_URL ?? 'http://127.0.0.1';
const token = process.env.CHATWOOT_API_TOKEN ?? '';

function oneToolServer(): McpServer {
  const server = new McpServer({ name: 'one-tool', version: '1.0.0' });
  server.registerTool(
    'get_label',
    {
      description: 'Get a label of an account.',
      inputSchema: { account_id: z.number().int(), label_id: z.number().int() },
    },
    async ({ account_id, label_id }, { signal }) => {
      const response = await fetch(`${baseUrl}/api/v1/accounts/${account_id}/labels/${label_id}`, {
        headers: { api_access_token: token, accept: 'application/json' },
        signal,
      });
      const text = await response.text();
      return { content: [{ type: 'text', text }], isError: !response.ok };
    },
  );
  return server;
}

if (process.argv.includes('--http')) {
  // Loaded only here, as chatwoot-mcp does, so that the stdio start-up parses none of it.
  const { randomUUID } = await import('node:crypto');
  const { createServer } = await import('node:http');
  const { StreamableHTTPServerTransport } = await import(
    '@modelcontextprotocol/sdk/server/streamableHttp.js'
  );
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const http = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      const id = request.headers['mcp-session-id'];
      let transport = typeof id === 'string' ? transports.get(id) : undefined;
      if (!transport) {
        const created = new StreamableHTTPServerTransport({
          sessionIdGenerator: randomUUID,
          onsessioninitialized: (sessionId) => void transports.set(sessionId, created),
        });
        await oneToolServer().connect(created);
        transport = created;
      }
      await transport.handleRequest(request, response, body);
    });
  });
  // A normal exit on a signal, so that `node --cpu-prof` writes its profile.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
  http.listen(0, '127.0.0.1', () =>
    process.stderr.write(`listening at http://127.0.0.1:${(http.address() as AddressInfo).port}\n`),
  );
} else {
  await oneToolServer().connect(new StdioServerTransport());
}
