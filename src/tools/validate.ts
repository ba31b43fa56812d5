import * as z from 'zod';
import type { ChatwootTool } from './definitions.js';

const validators = new WeakMap<ChatwootTool, z.ZodType>();

export type Validation = { ok: true; args: Record<string, unknown> } | { ok: false; message: string };

/**
 * Checks arguments against the tool's listed JSON Schema, compiled to zod on first use and kept. Unknown
 * argument names are refused, so that a misspelt one is not silently dropped.
 */
export function validateArguments(tool: ChatwootTool, args: unknown): Validation {
  const result = validatorFor(tool).safeParse(args ?? {});
  if (result.success) return { ok: true, args: (args ?? {}) as Record<string, unknown> };
  const lines = result.error.issues.map((issue) => `- ${describeIssue(tool, issue, args)}`);
  return { ok: false, message: `Invalid arguments for ${tool.listing.name}:\n${lines.join('\n')}` };
}

function validatorFor(tool: ChatwootTool): z.ZodType {
  let validator = validators.get(tool);
  if (!validator) {
    const schema = z.fromJSONSchema(tool.input.schema as Parameters<typeof z.fromJSONSchema>[0]);
    validator = schema instanceof z.ZodObject ? schema.strict() : schema;
    validators.set(tool, validator);
  }
  return validator;
}

function describeIssue(tool: ChatwootTool, issue: z.core.$ZodIssue, args: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(tool.input.schema.properties as object).join(', ');
    return `unknown argument${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; this tool takes: ${known}`;
  }
  const where = issue.path.length > 0 ? `"${issue.path.join('.')}"` : 'arguments';
  if (issue.path.length > 0 && valueAt(args, issue.path) === undefined) {
    const expected =
      issue.code === 'invalid_type'
        ? issue.expected
        : issue.code === 'invalid_value'
          ? `one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`
          : undefined;
    return `${where} is required${expected ? ` (expected ${expected})` : ''}`;
  }
  return `${where}: ${issue.message.replace(/^Invalid input: /, '')}`;
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}
