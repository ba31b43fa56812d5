import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { JsonSchema, Operation } from '../catalog/types.js';
import { annotationsFor } from './annotations.js';

/**
 * What tools/list shows of an operation, given its listed input schema: the build writes it for the usual settings
 * (src/tools/precompiled.ts), and buildTool writes it where settings change it.
 */
export function toolListing(
  operation: Operation,
  inputSchema: JsonSchema,
  description = operation.description,
): Tool {
  return {
    name: operation.id,
    ...(saysMoreThanName(operation.title, operation.id) ? { title: operation.title } : {}),
    description,
    inputSchema: inputSchema as Tool['inputSchema'],
    ...withAnnotations(annotationsFor(operation)),
  };
}

/**
 * A title is listed where it says more than the name: "Send a reply or private note in a conversation" for
 * create_message, not "Get a conversation" for get_conversation, which clients can show as well from the name.
 */
function saysMoreThanName(title: string, name: string): boolean {
  const words =
    title
      .toLowerCase()
      .replace(/\b(a|an|the)\b/g, ' ')
      .match(/[a-z0-9]+/g) ?? [];
  return words.join('_') !== name;
}

/** Annotations only when some hint differs from the spec's defaults: `annotations: {}` would cost tokens for nothing. */
const withAnnotations = (annotations: Tool['annotations']) => (annotations ? { annotations } : {});
