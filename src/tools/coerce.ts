import type { JsonSchema } from '../catalog/types.js';

/** Our format for a time Chatwoot reads in Unix seconds: ISO 8601 is taken too and converted. */
const UNIX_TIME = 'unix-time';
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Unix seconds from an ISO 8601 date or time (UTC unless it carries an offset), or from a number where the schema
 * wants a string; undefined when the value is neither, so that validation says what is wrong.
 */
function unixSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const iso = ISO_8601.exec(text);
  if (!iso) return undefined;
  const zoned = iso[1] || !text.includes(':') ? text : `${text}Z`;
  const millis = Date.parse(zoned.replace(' ', 'T'));
  return Number.isNaN(millis) ? undefined : Math.floor(millis / 1000);
}

/**
 * Models often send "42" for 42, "true" for true, a JSON string for an object, or one value for a list. Where the
 * schema leaves no doubt about what was meant, the value is converted and the change reported; anything else is
 * left for validation to refuse.
 */
export function coerceArguments(
  schema: JsonSchema,
  args: Record<string, unknown>,
): { args: Record<string, unknown>; coerced: string[] } {
  const coerced: string[] = [];
  const result = coerceObject(schema, args, '', coerced);
  return { args: result, coerced };
}

function coerceObject(schema: JsonSchema, value: Record<string, unknown>, path: string, coerced: string[]) {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const child = properties[key];
    out[key] = child ? coerceValue(child, item, path ? `${path}.${key}` : key, coerced) : item;
  }
  return out;
}

/** The types a schema allows, read once per schema (schemas are the catalog's, kept for the server's life). */
const typeSets = new WeakMap<JsonSchema, Set<string>>();
function typesOf(schema: JsonSchema): Set<string> {
  let types = typeSets.get(schema);
  if (!types) {
    types = new Set(Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string]);
    typeSets.set(schema, types);
  }
  return types;
}

function coerceValue(schema: JsonSchema, value: unknown, path: string, coerced: string[]): unknown {
  const types = typesOf(schema);
  const note = (to: unknown) => {
    coerced.push(`${path}: ${JSON.stringify(value)} → ${JSON.stringify(to)}`);
    return to;
  };
  if (schema.format === UNIX_TIME) {
    const seconds = unixSeconds(value);
    const wanted = seconds === undefined ? undefined : types.has('string') ? String(seconds) : seconds;
    if (wanted !== undefined && wanted !== value) return note(wanted);
  }
  if (typeof value === 'string' && !types.has('string')) {
    const text = value.trim();
    if (types.has('integer') && /^-?\d{1,15}$/.test(text)) return note(Number(text));
    if (types.has('number') && /^-?\d+(\.\d+)?$/.test(text)) return note(Number(text));
    if (types.has('boolean') && (text === 'true' || text === 'false')) return note(text === 'true');
    if ((types.has('object') && text.startsWith('{')) || (types.has('array') && text.startsWith('['))) {
      try {
        const parsed: unknown = JSON.parse(text);
        return coerceValue(schema, note(parsed), path, coerced);
      } catch {
        return value;
      }
    }
  }
  if (types.has('array') && !Array.isArray(value) && value !== null && value !== undefined) {
    const items = (schema.items ?? {}) as JsonSchema;
    const listLike = typeof value === 'string' && value.includes(',');
    if (typeof value !== 'object' && !listLike && matchesScalar(items, value)) return note([value]);
  }
  if (Array.isArray(value) && schema.items) {
    return value.map((item, index) =>
      coerceValue(schema.items as JsonSchema, item, `${path}[${index}]`, coerced),
    );
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && schema.properties) {
    return coerceObject(schema, value as Record<string, unknown>, path, coerced);
  }
  return value;
}

function matchesScalar(schema: JsonSchema, value: unknown): boolean {
  const type = schema.type;
  if (type === 'string') return typeof value === 'string';
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'number') return typeof value === 'number';
  return false;
}
