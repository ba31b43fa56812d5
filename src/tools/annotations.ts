import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { Operation } from '../catalog/types.js';

/**
 * MCP hints from what the operation declares it does (`x-read-only`, `x-destructive`, else its HTTP method): a
 * read says so; a write that destroys nothing says so, and PUT, PATCH and DELETE are idempotent. Hints equal to the
 * spec's defaults (readOnlyHint false, destructiveHint true, idempotentHint false, openWorldHint true: everything
 * talks to a Chatwoot outside this server) are left out: they cost tokens in every request and say nothing. A
 * destructive POST therefore has no annotations at all, which reads as the spec's defaults: it writes and destroys.
 */
export function annotationsFor(operation: Operation): ToolAnnotations | undefined {
  if (operation.readOnly) return { readOnlyHint: true };
  const hints: ToolAnnotations = {
    ...(operation.destructive ? {} : { destructiveHint: false }),
    ...(['PUT', 'PATCH', 'DELETE'].includes(operation.method) ? { idempotentHint: true } : {}),
  };
  return Object.keys(hints).length > 0 ? hints : undefined;
}
