import type { JsonSchema } from '../catalog/types.js';

/** String formats every function-calling API we stand for accepts (Gemini's declarations take no others). */
const PORTABLE_FORMATS = new Set(['date-time']);

/**
 * What a model reads of a tool's input schema, derived from the full one that validates calls (and that the
 * manifest keeps): without `additionalProperties` (Gemini's function declarations refuse it, and `true` is JSON
 * Schema's default), without formats other APIs refuse (ours, like `unix-time`, are read by the coercion step),
 * and without the arguments named in `omit` (`account_id` when a default account is set: still accepted).
 */
export function listedSchema(schema: JsonSchema, omit: readonly string[] = []): JsonSchema {
  const listed = portable(schema) as JsonSchema;
  if (omit.length === 0) return listed;
  const properties = { ...(listed.properties as Record<string, JsonSchema>) };
  for (const name of omit) delete properties[name];
  const required = ((listed.required as string[] | undefined) ?? []).filter((name) => !omit.includes(name));
  const result: JsonSchema = { ...listed, properties };
  if (required.length > 0) result.required = required;
  else delete result.required;
  return result;
}

function portable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(portable);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'additionalProperties') continue;
    if (key === 'format' && !PORTABLE_FORMATS.has(String(value))) continue;
    if (key === 'enum' || key === 'default' || key === 'required') out[key] = value;
    else if (key === 'properties')
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, child]) => [name, portable(child)]),
      );
    else out[key] = portable(value);
  }
  return out;
}
