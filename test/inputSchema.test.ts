import { describe, expect, it } from 'vitest';
import { catalogFromDocument } from '../src/catalog/load.js';
import type { JsonSchema } from '../src/catalog/types.js';
import { buildHttpRequest } from '../src/chatwoot/request.js';
import { splitArguments } from '../src/tools/arguments.js';
import { buildTool } from '../src/tools/definitions.js';

function toolFor(operation: JsonSchema, path = '/api/v1/things/{id}', extra: JsonSchema = {}) {
  const document = {
    paths: { [path]: { post: { operationId: 'do_thing', security: [{ userApiKey: [] }], ...operation } } },
    ...extra,
  };
  const [parsed] = catalogFromDocument(document);
  if (!parsed) throw new Error('no operation');
  return buildTool(parsed);
}

const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };
const jsonBody = (schema: JsonSchema, required = true) => ({
  required,
  content: { 'application/json': { schema } },
});

describe('flattening path, query and body into one input object', () => {
  it('renames a query parameter and a body property that collide with a path parameter', () => {
    const tool = toolFor({
      parameters: [idParameter, { name: 'id', in: 'query', schema: { type: 'string' } }],
      requestBody: jsonBody({
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string' }, name: { type: 'string' } },
      }),
    });
    const schema = tool.input.schema as { properties: object; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(['id', 'query_id', 'body_id', 'name']);
    expect(schema.required).toEqual(['id', 'body_id']);
    const parts = splitArguments(tool.input, { id: 5, query_id: 'q', body_id: 'b', name: 'n' });
    expect(parts).toEqual({ path: { id: 5 }, query: { id: 'q' }, body: { id: 'b', name: 'n' }, files: [] });
  });

  it('makes a body that is not an object with properties one `body` argument', () => {
    const tool = toolFor({
      parameters: [idParameter],
      requestBody: jsonBody({ type: 'array', items: { type: 'integer' } }),
    });
    expect((tool.input.schema as { properties: object }).properties).toHaveProperty('body');
    expect(splitArguments(tool.input, { id: 1, body: [1, 2] }).body).toEqual([1, 2]);
  });

  it('merges allOf parts of a body', () => {
    const tool = toolFor({
      parameters: [idParameter],
      requestBody: jsonBody({
        allOf: [
          { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
          { properties: { b: { type: 'integer' } } },
        ],
      }),
    });
    expect(tool.input.schema).toMatchObject({ properties: { a: {}, b: {} }, required: ['id', 'a'] });
  });

  it('makes body properties optional when the body itself is optional', () => {
    const tool = toolFor({
      parameters: [idParameter],
      requestBody: jsonBody(
        { type: 'object', required: ['a'], properties: { a: { type: 'string' } } },
        false,
      ),
    });
    expect(tool.input.schema.required).toEqual(['id']);
  });

  it('resolves a circular $ref to a finite schema', () => {
    const tool = toolFor(
      { parameters: [idParameter], requestBody: jsonBody({ $ref: '#/components/schemas/node' }) },
      '/api/v1/things/{id}',
      {
        components: {
          schemas: {
            node: {
              type: 'object',
              properties: { name: { type: 'string' }, child: { $ref: '#/components/schemas/node' } },
            },
          },
        },
      },
    );
    const text = JSON.stringify(tool.listing.inputSchema);
    expect(text).not.toContain('$ref');
    expect(tool.input.schema).toMatchObject({
      properties: {
        name: { type: 'string' },
        child: { type: 'object', description: expect.stringMatching(/recursive/i) },
      },
    });
  });

  it('sends arrays and objects in the query the way Rails reads them', () => {
    const tool = toolFor({
      parameters: [
        idParameter,
        { name: 'labels', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
        { name: 'range', in: 'query', schema: { type: 'object' } },
      ],
    });
    const request = buildHttpRequest(
      tool.operation,
      splitArguments(tool.input, { id: 2, labels: ['vip', 'a&b'], range: { since: 1, until: 2 } }),
    );
    expect(request.searchParams.toString()).toBe(
      'labels%5B%5D=vip&labels%5B%5D=a%26b&range%5Bsince%5D=1&range%5Buntil%5D=2',
    );
  });
});

describe('path parameters', () => {
  const tool = toolFor({
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
  });
  const build = (id: unknown) =>
    buildHttpRequest(tool.operation, { path: { id }, query: {}, body: undefined }).path;

  it('are percent-encoded so that they stay inside their segment', () => {
    expect(build('../../x')).toBe('/api/v1/things/..%2F..%2Fx');
    expect(build('a/b?c#d')).toBe('/api/v1/things/a%2Fb%3Fc%23d');
    expect(build('%2e%2e')).toBe('/api/v1/things/%252e%252e');
    expect(build('line\r\nbreak')).toBe('/api/v1/things/line%0D%0Abreak');
  });

  it('refuse dot segments and empty values', () => {
    for (const bad of ['..', '.', '', undefined, { a: 1 }]) expect(() => build(bad)).toThrow(/"id"/);
  });
});
