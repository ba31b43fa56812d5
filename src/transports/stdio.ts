import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Runtime } from '../runtime.js';
import { createServer } from '../server.js';

/** Serves one MCP session over stdin/stdout until the client goes away. */
export async function serveStdio(runtime: Runtime, onClose: () => void): Promise<void> {
  const server = createServer(runtime);
  const transport = new StdioServerTransport();
  const closed = server.onclose;
  server.onclose = () => {
    closed?.();
    onClose();
  };
  process.stdin.on('end', () => void server.close());
  await server.connect(transport);
}
