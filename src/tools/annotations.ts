import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { Operation } from '../catalog/types.js';

/**
 * MCP hints from the HTTP method: GET reads; PUT, PATCH and DELETE are idempotent; DELETE (or an operation
 * marked `x-destructive`) destroys. Everything talks to a Chatwoot outside this server, so all are open-world.
 * Hints equal to the spec's defaults (readOnlyHint false, idempotentHint false) are left out: they cost tokens in
 * every request and say nothing; destructiveHint is always explicit because its default (true) would be wrong for
 * most writes. Destructive and idempotent hints only mean something for tools that write, so reads leave them out.
 */
export function annotationsFor(operation: Operation): ToolAnnotations {
  if (operation.method === 'GET') return { readOnlyHint: true, openWorldHint: true };
  return {
    destructiveHint: operation.destructive,
    ...(operation.method === 'POST' ? {} : { idempotentHint: true }),
    openWorldHint: true,
  };
}
