import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';
import { executeTool } from './execute.js';
import type { Runtime, Tenant } from './runtime.js';
import { errorResult } from './toolResult.js';

/**
 * The MCP server: tools/list answers from the listings built once at start-up (no schema conversion per
 * request), tools/call runs the one shared pipeline. Transports connect this to a channel; nothing else.
 */
export function createServer(runtime: Runtime, tenant: Tenant = runtime.defaultTenant): Server {
  const server = new Server(
    { name: 'chatwoot-mcp', title: 'Chatwoot', version: runtime.version },
    { capabilities: { tools: { listChanged: false } } },
  );
  const listing = { tools: [...tenant.tools.values()].map((tool) => tool.listing) };

  server.setRequestHandler(ListToolsRequestSchema, () => listing);
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const tool = tenant.tools.get(request.params.name);
    if (!tool) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Unknown tool "${request.params.name}". Call tools/list for the tools this server offers.`,
      );
    }
    return executeTool(tool, request.params.arguments, {
      client: tenant.client,
      log: runtime.log,
      redact: tenant.redact,
      defaultAccountId: tenant.defaultAccountId,
      signal: extra.signal,
    }).catch((error: unknown) => {
      runtime.log.error(
        `${tool.operation.id} failed unexpectedly: ${(error as Error).stack ?? String(error)}`,
      );
      return errorResult(
        `${tool.operation.id} failed inside chatwoot-mcp: ${(error as Error).message}`,
        tenant.redact,
      );
    });
  });
  return server;
}
