import fc from 'fast-check';

type Schema = { [keyword: string]: unknown };

/** Pieces of strings a careless or hostile caller sends: climbing paths, encoded dots, CRLF, NUL, odd unicode. */
const HOSTILE_PIECES = [
  '..',
  '.',
  '../',
  '../../api/v1/accounts',
  '%2e%2e',
  '%2E%2E%2F',
  '..%2f',
  '/',
  '\\',
  '?x=1',
  '#top',
  '&a=b',
  '=',
  '+',
  ' ',
  '%',
  '%zz',
  '%00',
  '\r\nX-Injected: 1',
  '\0',
  '\u2028',
  '\uD800',
  '\uDC00',
  '😀',
  '\u202E',
  '\uFEFF',
  'İ',
  '<script>',
  '"',
  "'",
];

/** Strings of any code points, hostile pieces, and mixtures of both. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_PIECES),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc
    .array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string({ maxLength: 6 })), { maxLength: 5 })
    .map((parts) => parts.join('')),
);

const typesOf = (schema: Schema): Set<string> =>
  new Set(
    Array.isArray(schema.type) ? (schema.type as string[]) : schema.type ? [schema.type as string] : [],
  );

const bounded = (schema: Schema, low: number, high: number) => ({
  min: typeof schema.minimum === 'number' ? schema.minimum : low,
  max: typeof schema.maximum === 'number' ? schema.maximum : high,
});

function stringFor(schema: Schema): fc.Arbitrary<string> {
  if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern));
  switch (schema.format) {
    case 'date-time':
      return fc
        .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((date) => date.toISOString());
    case 'date':
      return fc
        .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10));
    case 'uuid':
      return fc.uuid();
    case 'email':
      return fc.emailAddress();
    case 'uri':
    case 'url':
      return fc.webUrl();
    default:
      return hostileString;
  }
}

/** Any value valid for a JSON Schema of the kind openapi.json uses (types, enums, bounds, formats, objects). */
export function validValue(schema: Schema): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.anyOf)) return fc.oneof(...(schema.anyOf as Schema[]).map(validValue));
  const types = typesOf(schema);
  const choices: fc.Arbitrary<unknown>[] = [];
  if (types.has('string')) {
    const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
    choices.push(stringFor(schema).filter((text) => [...text].length >= minLength));
  }
  if (types.has('integer'))
    choices.push(fc.integer(bounded(schema, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)));
  if (types.has('number'))
    choices.push(fc.double({ ...bounded(schema, -1e12, 1e12), noNaN: true, noDefaultInfinity: true }));
  if (types.has('boolean')) choices.push(fc.boolean());
  if (types.has('array'))
    choices.push(
      fc.array(validValue((schema.items as Schema | undefined) ?? {}), {
        minLength: typeof schema.minItems === 'number' ? schema.minItems : 0,
        maxLength: 4,
      }),
    );
  if (types.has('object')) choices.push(objectFor(schema));
  if (choices.length === 0) return fc.jsonValue({ maxDepth: 3 });
  if (types.has('null')) choices.push(fc.constant(null));
  return fc.oneof(...choices);
}

function objectFor(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = (schema.required ?? []) as string[];
  const declared = fc.record(
    Object.fromEntries(Object.entries(properties).map(([name, child]) => [name, validValue(child)])),
    { requiredKeys: required.filter((name) => name in properties) },
  );
  const extra = schema.additionalProperties;
  if (extra === false || (extra === undefined && Object.keys(properties).length > 0)) return declared;
  const values = typeof extra === 'object' ? validValue(extra as Schema) : fc.jsonValue({ maxDepth: 3 });
  const free = fc.dictionary(
    hostileString.filter((key) => !(key in properties)),
    values,
    { maxKeys: 3 },
  );
  return fc.tuple(declared, free).map(([known, more]) => ({ ...more, ...known }));
}

/** Arguments for a tool's input schema, limited to the names given (the ones openapi.json places). */
export function validArguments(schema: Schema, names: string[]): fc.Arbitrary<Record<string, unknown>> {
  return objectFor({
    type: 'object',
    properties: Object.fromEntries(
      names.map((name) => [name, (schema.properties as Record<string, Schema>)[name] ?? {}]),
    ),
    required: ((schema.required ?? []) as string[]).filter((name) => names.includes(name)),
    additionalProperties: false,
  });
}

/** An object nested `depth` levels deep. */
export const deeplyNested = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
};

/**
 * A value of the wrong type for a schema, chosen so that no forgiving conversion can make it right (no numeric
 * or boolean text, no JSON text, no single item for a list): huge, unicode-laden, deeply nested values included.
 */
export function wrongValue(schema: Schema): fc.Arbitrary<unknown> | undefined {
  const types = typesOf(schema);
  const convertible = (text: string) =>
    /^\s*(-?\d+(\.\d+)?|true|false)\s*$/i.test(text) || /^\s*[[{]/.test(text);
  const choices: fc.Arbitrary<unknown>[] = [];
  if (!types.has('object') && !types.has('array') && types.size > 0) {
    choices.push(fc.integer({ min: 1, max: 400 }).map(deeplyNested));
    choices.push(
      fc.array(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })), { minLength: 1, maxLength: 3 }),
    );
  }
  if (types.has('object') && !types.has('array'))
    choices.push(fc.boolean(), fc.double({ noNaN: true }), fc.array(fc.integer(), { maxLength: 3 }));
  // Not a lone scalar for a list: a scalar of the item type would be taken as a list of one.
  if (types.has('array') && !types.has('object')) choices.push(fc.dictionary(fc.string(), fc.integer()));
  if (types.has('integer') && !types.has('number')) choices.push(fc.constantFrom(1.5, -0.25, 1e-7));
  if (!types.has('string') && !types.has('array') && types.size > 0)
    choices.push(
      fc.oneof(hostileString, fc.constant(`x${'ü'.repeat(200_000)}`)).filter((text) => !convertible(text)),
    );
  if (Array.isArray(schema.enum) && types.has('string'))
    choices.push(hostileString.filter((text) => !(schema.enum as unknown[]).includes(text)));
  if (!types.has('null') && types.size > 0) choices.push(fc.constant(null));
  return choices.length > 0 ? fc.oneof(...choices) : undefined;
}
