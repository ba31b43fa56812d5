import { FILE_SCHEMA } from '../attachments/schema.js';
import type { JsonSchema, Operation } from '../catalog/types.js';

/** Where one tool argument goes in the HTTP request, under which original name. */
export interface ArgumentPlace {
  in: 'path' | 'query' | 'body' | 'file';
  name: string;
  /** A body property that goes inside this object of the body (Rails' root key, e.g. `campaign`). */
  parent?: string;
}

export interface ToolInput {
  /** The flat JSON Schema a client sees in tools/list. */
  schema: JsonSchema;
  places: Map<string, ArgumentPlace>;
  /** Set when the body is not an object with properties: the whole body is this one argument. */
  bodyArgument: string | undefined;
}

/**
 * Flattens an operation's path, query and body parameters into one object schema.
 *
 * Naming rule for collisions, applied in this order: path parameters keep their names; a query parameter whose
 * name is taken becomes `query_<name>`; a body property whose name is taken becomes `body_<name>`. A body that is
 * not an object with properties (an array, a union, a free-form object) becomes a single argument `body`, unless
 * the request carries only files (e.g. a CSV to import). A body property marked `x-flatten` (the root key Rails
 * requires, e.g. `campaign`) gives its own properties as arguments, put back under it in the request. Files
 * the operation takes as multipart/form-data (`attachments[]`, `avatar`) become arguments of their own.
 */
export function buildToolInput(operation: Operation): ToolInput {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const places = new Map<string, ArgumentPlace>();

  const add = (
    name: string,
    prefix: string,
    place: ArgumentPlace,
    schema: JsonSchema,
    isRequired: boolean,
  ) => {
    const argument = name in properties ? `${prefix}_${name}` : name;
    if (argument in properties) throw new Error(`${operation.id}: argument name "${argument}" is used twice`);
    properties[argument] = schema;
    places.set(argument, place);
    if (isRequired) required.push(argument);
    return argument;
  };

  for (const parameter of operation.parameters) {
    add(
      parameter.name,
      parameter.in,
      { in: parameter.in, name: parameter.name },
      parameter.schema,
      parameter.required,
    );
  }

  let bodyArgument: string | undefined;
  const body = operation.body;
  if (body) {
    const flat = objectShape(body.schema);
    if (flat) {
      for (const [name, schema] of Object.entries(flat.properties)) {
        const isRequired = body.required && flat.required.includes(name);
        const inner = schema['x-flatten'] === true ? objectShape(schema) : undefined;
        if (!inner) {
          add(name, 'body', { in: 'body', name }, schema, isRequired);
          continue;
        }
        // x-flatten: the root key Rails requires (`campaign: {title, …}`) is not an argument; its properties are.
        for (const [key, child] of Object.entries(inner.properties))
          add(
            key,
            'body',
            { in: 'body', name: key, parent: name },
            child,
            isRequired && inner.required.includes(key),
          );
      }
    } else if (body.files.length === 0 || Object.keys(body.schema.properties ?? {}).length > 0) {
      bodyArgument = add('body', 'request', { in: 'body', name: 'body' }, body.schema, body.required);
    }
  }

  for (const file of body?.files ?? []) {
    const fileSchema = file.multiple
      ? { type: 'array', items: FILE_SCHEMA, ...(file.description ? { description: file.description } : {}) }
      : {
          ...FILE_SCHEMA,
          ...(file.description ? { description: `${file.description} ${FILE_SCHEMA.description}` } : {}),
        };
    add(file.argument, 'file', { in: 'file', name: file.field }, fileSchema as JsonSchema, false);
  }

  const schema: JsonSchema = { type: 'object', properties };
  if (required.length > 0) schema.required = required;
  return { schema, places, bodyArgument };
}

interface ObjectShape {
  properties: Record<string, JsonSchema>;
  required: string[];
}

/** The properties of an object body, merging `allOf` parts; undefined when the body is not such an object. */
function objectShape(schema: JsonSchema): ObjectShape | undefined {
  const parts = Array.isArray(schema.allOf) ? (schema.allOf as JsonSchema[]) : [schema];
  const shape: ObjectShape = { properties: {}, required: [] };
  for (const part of parts) {
    const properties = part.properties as Record<string, JsonSchema> | undefined;
    if (!properties || (part.type !== undefined && part.type !== 'object') || part.oneOf || part.anyOf) {
      return undefined;
    }
    Object.assign(shape.properties, properties);
    shape.required.push(...((part.required as string[] | undefined) ?? []));
  }
  return Object.keys(shape.properties).length > 0 ? shape : undefined;
}
