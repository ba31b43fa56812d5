import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { JsonSchema, Operation } from '../catalog/types.js';
import { annotationsFor } from './annotations.js';
import { buildToolInput, type ToolInput } from './inputSchema.js';

export interface ToolOptions {
  /** With a default account id, `account_id` becomes optional and defaults to it. */
  defaultAccountId?: number | undefined;
}

/** An operation dressed as an MCP tool: what tools/list shows, plus what a call needs. */
export interface ChatwootTool {
  operation: Operation;
  input: ToolInput;
  listing: Tool;
}

export function buildTool(operation: Operation, options: ToolOptions = {}): ChatwootTool {
  const input = buildToolInput(operation);
  if (options.defaultAccountId !== undefined)
    input.schema = withDefaultAccount(input.schema, options.defaultAccountId);
  return {
    operation,
    input,
    listing: {
      name: operation.id,
      title: operation.title,
      description: operation.description,
      inputSchema: input.schema as Tool['inputSchema'],
      annotations: annotationsFor(operation),
    },
  };
}

function withDefaultAccount(schema: JsonSchema, accountId: number): JsonSchema {
  const properties = schema.properties as Record<string, JsonSchema>;
  const account = properties.account_id;
  if (!account) return schema;
  const required = ((schema.required as string[] | undefined) ?? []).filter((name) => name !== 'account_id');
  const result: JsonSchema = {
    ...schema,
    properties: { ...properties, account_id: { ...account, default: accountId } },
  };
  if (required.length > 0) result.required = required;
  else delete result.required;
  return result;
}
