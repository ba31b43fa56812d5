import { readFileSync } from 'node:fs';
import { packageFile } from '../../src/paths.js';
import type { RecordedRequest } from './recordingServer.js';

type Schema = { [keyword: string]: unknown };

/** Where each argument of a tool goes, read from openapi.json itself rather than from the server's catalog. */
export interface Placement {
  method: string;
  path: string;
  /**
   * Argument name → [place, name in the request, the body object it goes in (x-flatten)]; `body` as the place of a
   * whole-body argument has no name.
   */
  arguments: Map<string, ['path' | 'query' | 'body', string | undefined, string?]>;
  auth: 'user' | 'platform' | 'none';
}

const openapi = JSON.parse(readFileSync(packageFile('openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Schema>>;
  components: { parameters: Record<string, Schema> };
};

const resolve = (parameter: Schema): Schema =>
  typeof parameter.$ref === 'string'
    ? (openapi.components.parameters[parameter.$ref.split('/').pop() ?? ''] ?? {})
    : parameter;

/** Every operation of openapi.json by operationId, with the place of each argument under the README's rules. */
export function placements(): Map<string, Placement> {
  const found = new Map<string, Placement>();
  for (const [path, item] of Object.entries(openapi.paths)) {
    const shared = ((item.parameters ?? []) as Schema[]).map(resolve);
    for (const [method, operation] of Object.entries(item)) {
      if (method === 'parameters') continue;
      const places: Placement['arguments'] = new Map();
      const parameters = [...shared, ...((operation.parameters ?? []) as Schema[]).map(resolve)];
      for (const parameter of parameters.filter((p) => p.in === 'path'))
        places.set(parameter.name as string, ['path', parameter.name as string]);
      for (const parameter of parameters.filter((p) => p.in === 'query')) {
        const name = parameter.name as string;
        places.set(places.has(name) ? `query_${name}` : name, ['query', name]);
      }
      const content = (operation.requestBody as Schema | undefined)?.content as
        | Record<string, Schema>
        | undefined;
      const body = content?.['application/json']?.schema as Schema | undefined;
      const properties = body?.properties as Record<string, Schema> | undefined;
      if (properties) {
        for (const [name, property] of Object.entries(properties)) {
          // x-flatten: Rails' root key (`campaign`) is no argument; each of its properties is, sent inside it.
          const inner = property['x-flatten'] === true ? (property.properties as Schema) : undefined;
          if (!inner) places.set(places.has(name) ? `body_${name}` : name, ['body', name]);
          else
            for (const key of Object.keys(inner))
              places.set(places.has(key) ? `body_${key}` : key, ['body', key, name]);
        }
      } else if (body) {
        places.set('body', ['body', undefined]);
      }
      const security = JSON.stringify(operation.security ?? []);
      found.set(operation.operationId as string, {
        method: method.toUpperCase(),
        path,
        arguments: places,
        auth: security.includes('platformAppApiKey')
          ? 'platform'
          : security.includes('userApiKey')
            ? 'user'
            : 'none',
      });
    }
  }
  return found;
}

/** Rails-style query pairs (`labels[]=a`, `filter[key]=v`), written here apart from the server's own code. */
function railsQuery(params: URLSearchParams, name: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) for (const item of value) railsQuery(params, `${name}[]`, item);
  else if (typeof value === 'object')
    for (const [key, item] of Object.entries(value)) railsQuery(params, `${name}[${key}]`, item);
  else params.append(name, String(value));
}

/** JSON with object keys sorted, so that two bodies compare whatever order their keys came in. */
function canonical(value: unknown): string {
  const sorted = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(sorted);
    if (item === null || typeof item !== 'object') return item;
    const record = item as Record<string, unknown>;
    return {
      object: Object.keys(record)
        .sort()
        .map((key) => [key, sorted(record[key])]),
    };
  };
  return JSON.stringify(sorted(value));
}

/**
 * Differences between what reached Chatwoot and what openapi.json says the arguments make: method, every path
 * segment (each value inside its own segment, percent-encoded), the query pairs, the JSON body. Empty when right.
 */
export function requestMismatches(
  placement: Placement,
  args: Record<string, unknown>,
  sent: RecordedRequest,
  tokens: { user: string; platform: string },
): string[] {
  const problems: string[] = [];
  if (sent.method !== placement.method) problems.push(`method ${sent.method}, expected ${placement.method}`);
  const token = placement.auth === 'none' ? undefined : tokens[placement.auth];
  if (sent.headers.api_access_token !== token) problems.push(`not the ${placement.auth} token`);

  const [rawPath = '', rawQuery = ''] = sent.url.split(/\?(.*)/s);
  const segments = rawPath.split('/');
  const template = placement.path.split('/');
  if (segments.length !== template.length)
    problems.push(`path ${rawPath} has other segments than ${placement.path}`);
  template.forEach((part, index) => {
    const segment = segments[index] ?? '';
    const name = /^\{(.+)\}$/.exec(part)?.[1];
    if (!name) {
      if (segment !== part) problems.push(`segment ${index} is ${segment}, expected ${part}`);
      return;
    }
    if (!/^[\w\-.~!$&'()*+,;=:@%]+$/.test(segment) || segment === '.' || segment === '..')
      problems.push(`segment of ${name} is not safely encoded: ${segment}`);
    else if (decodeURIComponent(segment) !== String(args[name]))
      problems.push(
        `segment of ${name} decodes to ${decodeURIComponent(segment)}, expected ${String(args[name])}`,
      );
  });

  const query = new URLSearchParams();
  const body: Record<string, unknown> = {};
  let wholeBody: unknown;
  for (const [argument, value] of Object.entries(args)) {
    const [place, name, parent] = placement.arguments.get(argument) ?? [];
    if (place === 'query' && name) railsQuery(query, name, value);
    if (place === 'body' && name && parent)
      body[parent] = { ...(body[parent] as Record<string, unknown> | undefined), [name]: value };
    else if (place === 'body' && name) body[name] = value;
    if (place === 'body' && !name) wholeBody = value;
  }
  const sentQuery = [...new URLSearchParams(rawQuery)];
  if (JSON.stringify(sentQuery) !== JSON.stringify([...query]))
    problems.push(`query ${JSON.stringify(sentQuery)}, expected ${JSON.stringify([...query])}`);

  const expectedBody = wholeBody ?? (Object.keys(body).length > 0 ? body : undefined);
  const expectedText = expectedBody === undefined ? '' : canonical(expectedBody);
  const sentText = sent.body === '' ? '' : canonical(JSON.parse(sent.body));
  if (sentText !== expectedText)
    problems.push(`body ${sentText.slice(0, 300)}, expected ${expectedText.slice(0, 300)}`);
  return problems;
}
