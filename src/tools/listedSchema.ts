import type { JsonSchema } from '../catalog/types.js';

/** String formats every function-calling API we stand for accepts (Gemini's declarations take no others). */
const PORTABLE_FORMATS = new Set(['date-time']);
/** String bounds OpenAI's structured outputs refuse: validated on the call, not listed. */
const STRING_BOUNDS = new Set(['minLength', 'maxLength', 'pattern']);

/**
 * What a model reads of a tool's input schema, derived from the full one that validates calls (and that the
 * manifest keeps), in the form every function-calling API accepts: no `additionalProperties` (Gemini's function
 * declarations refuse it; `true` is JSON Schema's default), no formats Gemini refuses (ours, like `unix-time`, are
 * read by the coercion step), one type where the full schema also allows null (the description says what null
 * does), enums of strings only (numeric codes are spelled out in the description), no string bounds, and without
 * the arguments
 * named in `omit` (`account_id` when a default account is set: still accepted). A sub-object marked `x-brief` (the
 * WhatsApp template's parameters) is listed as its description alone, which gives its shape in words.
 */
export function listedSchema(schema: JsonSchema, omit: readonly string[] = []): JsonSchema {
  const listed = portable(schema) as JsonSchema;
  // The tool's own object keeps `properties`, even empty: clients read the arguments from it.
  listed.properties ??= {};
  return omit.length === 0 ? listed : withoutArguments(listed, omit);
}

/** An object schema without the arguments `names` (settings that take arguments away: an account, draft mode). */
export function withoutArguments(schema: JsonSchema, names: readonly string[]): JsonSchema {
  const properties = { ...(schema.properties as Record<string, JsonSchema>) };
  for (const name of names) delete properties[name];
  return notRequiring({ ...schema, properties }, names);
}

/** The schema with `names` no longer required; `required` is left out when nothing is. */
export function notRequiring(schema: JsonSchema, names: readonly string[]): JsonSchema {
  const required = ((schema.required as string[] | undefined) ?? []).filter((name) => !names.includes(name));
  const result: JsonSchema = { ...schema };
  if (required.length > 0) result.required = required;
  else delete result.required;
  return result;
}

function portable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(portable);
  if (node === null || typeof node !== 'object') return node;
  const schema = node as JsonSchema;
  // `x-brief`: a rarely used sub-object whose description gives its shape in words; only that is listed.
  if (schema['x-brief'] === true) return { type: schema.type, description: schema.description };
  const out: Record<string, unknown> = {};
  // An enum without a type (`[..., null]` to clear): the type of its values, null left to the description.
  if (schema.type === undefined && Array.isArray(schema.enum)) {
    const values = (schema.enum as unknown[]).filter((value) => value !== null);
    if (values.every((value) => typeof value === 'string')) out.type = 'string';
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'additionalProperties' || key.startsWith('x-') || STRING_BOUNDS.has(key)) continue;
    if (key === 'format' && !PORTABLE_FORMATS.has(String(value))) continue;
    if (key === 'type' && Array.isArray(value)) {
      const types = value.filter((type) => type !== 'null');
      out.type = types.length === 1 ? types[0] : types;
    } else if (key === 'enum') {
      const values = (value as unknown[]).filter((item) => item !== null);
      if (values.every((item) => typeof item === 'string')) out.enum = values;
    } else if (key === 'default' || key === 'required') out[key] = value;
    else if (key === 'properties') {
      // `properties: {}` (a free-form object) says nothing `type: object` does not.
      if (Object.keys(value as object).length === 0) continue;
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, child]) => [name, portable(child)]),
      );
    } else out[key] = portable(value);
  }
  return out;
}
