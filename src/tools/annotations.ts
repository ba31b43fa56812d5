import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { Operation } from '../catalog/types.js';

/**
 * MCP hints from what the operation declares it does (`x-read-only`, `x-destructive`, else its HTTP method): a
 * read says so; a write says whether it destroys, and PUT, PATCH and DELETE are idempotent. Hints equal to the
 * spec's defaults (readOnlyHint false, idempotentHint false, openWorldHint true: everything talks to a Chatwoot
 * outside this server) are left out: they cost tokens in every request and say nothing. destructiveHint is always
 * explicit on writes because its default (true) would be wrong for most of them.
 */
export function annotationsFor(operation: Operation): ToolAnnotations {
  if (operation.readOnly) return { readOnlyHint: true };
  return {
    destructiveHint: operation.destructive,
    ...(['PUT', 'PATCH', 'DELETE'].includes(operation.method) ? { idempotentHint: true } : {}),
  };
}
