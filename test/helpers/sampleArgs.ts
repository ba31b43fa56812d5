import fc from 'fast-check';

type Schema = { [keyword: string]: unknown };

/**
 * A valid value for a JSON Schema, deterministic for a given argument name, so that a test can predict what
 * must reach the HTTP server. Strings in path slots carry characters that must be percent-encoded.
 */
export function sampleValue(schema: Schema, name: string): unknown {
  if (Array.isArray(schema.enum)) return schema.enum.find((value) => value !== null);
  if ('const' in schema) return schema.const;
  const union = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (union) return sampleValue(union[0] as Schema, name);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'integer':
      return typeof schema.minimum === 'number' ? Math.max(schema.minimum, 3) : 3 + (name.length % 5);
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    case 'array':
      return [sampleValue((schema.items as Schema | undefined) ?? { type: 'string' }, name)];
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      return Object.fromEntries(
        Object.entries(properties).map(([key, child]) => [key, sampleValue(child, key)]),
      );
    }
    case 'string':
      return sampleString(schema, name);
    default:
      return `value of ${name}`;
  }
}

function sampleString(schema: Schema, name: string): string {
  if (typeof schema.pattern === 'string')
    return (
      fc.sample(fc.stringMatching(new RegExp(schema.pattern)), { seed: name.length, numRuns: 1 })[0] ?? ''
    );
  switch (schema.format) {
    case 'date-time':
      return '2026-01-02T03:04:05Z';
    case 'date':
      return '2026-01-02';
    case 'uuid':
      return '123e4567-e89b-12d3-a456-426614174000';
    case 'email':
      return 'someone@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com/hook';
    default:
      return `${name} é/ü?#`;
  }
}

export function sampleArguments(inputSchema: Schema): Record<string, unknown> {
  const properties = (inputSchema.properties ?? {}) as Record<string, Schema>;
  return Object.fromEntries(
    Object.entries(properties).map(([name, schema]) => [name, sampleValue(schema, name)]),
  );
}
