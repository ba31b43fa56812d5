// The baseline of the start-up benchmark: the smallest useful MCP server (one tool, zod schema, stdio),
// bundled exactly like chatwoot-mcp.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import * as z from 'zod';

const server = new McpServer({ name: 'one-tool', version: '1.0.0' });
server.registerTool(
  'echo',
  { description: 'Echo a text back.', inputSchema: { text: z.string() } },
  async ({ text }) => ({ content: [{ type: 'text', text }] }),
);
await server.connect(new StdioServerTransport());
