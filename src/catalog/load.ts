import { readFileSync } from 'node:fs';
import { resolveRefs } from './resolveRefs.js';
import type {
  Auth,
  DraftRule,
  Family,
  FileField,
  HttpMethod,
  JsonSchema,
  Operation,
  Parameter,
  ReadBack,
  RequestBody,
  ViewSpec,
  Views,
} from './types.js';

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Reads an OpenAPI 3.1 document and returns its operations, in document order. */
export function loadCatalog(file: string): Operation[] {
  let document: JsonSchema;
  try {
    document = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
  } catch (error) {
    throw new Error(`cannot read the API description ${file}: ${(error as Error).message}`);
  }
  return catalogFromDocument(document);
}

export function catalogFromDocument(document: JsonSchema): Operation[] {
  const paths = document.paths;
  if (paths === null || typeof paths !== 'object') throw new Error('the API description has no "paths"');
  const views = ((document.components as JsonSchema | undefined)?.['x-views'] ?? {}) as Views;
  const operations: Operation[] = [];
  const readBacks: [Operation, JsonSchema][] = [];
  for (const [path, rawItem] of Object.entries(paths as Record<string, JsonSchema>)) {
    const item = resolveRefs(document, rawItem) as JsonSchema;
    const shared = (item.parameters as JsonSchema[] | undefined) ?? [];
    for (const method of METHODS) {
      const raw = item[method.toLowerCase()] as JsonSchema | undefined;
      if (!raw) continue;
      const operation = toOperation(path, method, raw, shared, views);
      operations.push(operation);
      if (raw['x-read-back']) readBacks.push([operation, raw['x-read-back'] as JsonSchema]);
    }
  }
  const byId = new Map(operations.map((operation) => [operation.id, operation]));
  for (const [operation, raw] of readBacks) operation.result.readBack = readBackOf(operation, raw, byId);
  for (const spec of Object.values(views)) checkViewNames(spec, views, 'components.x-views');
  return operations;
}

function readBackOf(operation: Operation, raw: JsonSchema, byId: Map<string, Operation>): ReadBack {
  const target = byId.get(String(raw.operation));
  if (!target?.readOnly)
    throw new Error(
      `${operation.id}: x-read-back names "${String(raw.operation)}", which is no reading operation`,
    );
  const args = (raw.args ?? {}) as Record<string, string>;
  for (const [name, source] of Object.entries(args)) {
    if (!target.parameters.some((parameter) => parameter.name === name))
      throw new Error(`${operation.id}: x-read-back passes "${name}", which ${target.id} does not take`);
    if (!/^(args|reply)\.[\w.]+$/.test(source))
      throw new Error(`${operation.id}: x-read-back's "${name}" must read args.<name> or reply.<path>`);
  }
  const view = raw.view === undefined ? undefined : { view: String(raw.view) };
  checkViewNames(view, operation.result.views, `${operation.id} x-read-back`);
  return { operation: target, args, as: String(raw.as ?? 'now'), view };
}

/** A view that names a view the document does not declare is refused at start-up, not at the first call. */
function checkViewNames(spec: ViewSpec | undefined, views: Views, where: string): void {
  if (spec === undefined || typeof spec === 'string') return;
  if (spec.view !== undefined && !(spec.view in views))
    throw new Error(`${where}: unknown view "${spec.view}" (declare it under components.x-views)`);
  for (const field of Object.values(spec.fields ?? {})) checkViewNames(field, views, where);
  checkViewNames(spec.else, views, where);
}

function toOperation(
  path: string,
  method: HttpMethod,
  raw: JsonSchema,
  shared: JsonSchema[],
  views: Views,
): Operation {
  const id = raw.operationId;
  if (typeof id !== 'string') throw new Error(`${method} ${path} has no operationId`);
  return {
    id,
    title: String(raw.summary ?? id),
    description: String(raw.description ?? raw.summary ?? ''),
    family: familyOf(path),
    toolset: String(raw['x-toolset'] ?? familyOf(path)),
    method,
    path,
    parameters: mergeParameters(shared, (raw.parameters as JsonSchema[] | undefined) ?? []),
    body: requestBody(raw.requestBody as JsonSchema | undefined),
    auth: authOf(raw.security, path),
    readOnly: declared(raw, 'x-read-only') ?? method === 'GET',
    destructive: declared(raw, 'x-destructive') ?? method === 'DELETE',
    covers: (raw['x-covers'] as string[] | undefined) ?? [],
    intents: (raw['x-intents'] as string[] | undefined) ?? [],
    draft: draftRule(raw['x-draft']),
    result: { view: viewOf(id, raw['x-view'], views), readBack: undefined, views },
    reply: answersWithPage(raw.responses) ? 'page' : 'json',
    minVersion: typeof raw['x-chatwoot-min-version'] === 'string' ? raw['x-chatwoot-min-version'] : undefined,
  };
}

/** A safety property the document declares; undefined leaves the HTTP method's default. */
function declared(raw: JsonSchema, key: string): boolean | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new Error(`${String(raw.operationId)}: ${key} must be true or false`);
  return value;
}

/** A success declared as text/html and not JSON: the one kind of operation that answers with a page. */
function answersWithPage(responses: unknown): boolean {
  const declared = Object.entries((responses ?? {}) as Record<string, JsonSchema>);
  return declared.some(([status, response]) => {
    const types = Object.keys((response.content ?? {}) as object);
    return (
      status.startsWith('2') && types.includes('text/html') && !types.some((type) => type.includes('json'))
    );
  });
}

const DIRECT_MESSAGE = 'this tool would message a customer directly';

function draftRule(raw: unknown): DraftRule | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'hide') return { hide: DIRECT_MESSAGE };
  return raw as DraftRule;
}

function viewOf(id: string, raw: unknown, views: Views): ViewSpec | undefined {
  if (raw === undefined) return undefined;
  checkViewNames(raw as ViewSpec, views, id);
  return raw as ViewSpec;
}

/** Operation-level parameters override path-level ones of the same name and place (OpenAPI rule). */
function mergeParameters(shared: JsonSchema[], own: JsonSchema[]): Parameter[] {
  const merged = new Map<string, Parameter>();
  for (const raw of [...shared, ...own]) {
    if (raw.in !== 'path' && raw.in !== 'query') continue;
    const schema = { ...((raw.schema as JsonSchema | undefined) ?? {}) };
    if (typeof raw.description === 'string') schema.description = raw.description;
    const parameter: Parameter = {
      name: String(raw.name),
      in: raw.in,
      required: raw.in === 'path' || raw.required === true,
      schema,
    };
    merged.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  return [...merged.values()];
}

function requestBody(raw: JsonSchema | undefined): RequestBody | undefined {
  const content = raw?.content as Record<string, JsonSchema> | undefined;
  if (!content) return undefined;
  const json = content['application/json'] ?? Object.values(content)[0];
  return {
    required: raw?.required === true,
    schema: (json?.schema as JsonSchema | undefined) ?? { type: 'object' },
    files: fileFields(content['multipart/form-data']?.schema as JsonSchema | undefined),
  };
}

function fileFields(schema: JsonSchema | undefined): FileField[] {
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const fields: FileField[] = [];
  for (const [field, property] of Object.entries(properties)) {
    const items = property.items as JsonSchema | undefined;
    const multiple = property.type === 'array' && items?.format === 'binary';
    if (!multiple && property.format !== 'binary') continue;
    const description = (property.description ?? items?.description) as string | undefined;
    // x-multipart-name: the form field Rails reads when it is nested, e.g. profile[avatar].
    const name = typeof property['x-multipart-name'] === 'string' ? property['x-multipart-name'] : field;
    fields.push({ field: name, argument: field.replace(/\[\]$/, ''), multiple, description });
  }
  return fields;
}

function familyOf(path: string): Family {
  if (path.startsWith('/platform/')) return 'platform';
  if (path.startsWith('/public/') || path.startsWith('/survey/')) return 'client';
  return 'application';
}

function authOf(security: unknown, path: string): Auth {
  if (!Array.isArray(security)) throw new Error(`${path}: every operation must declare its security`);
  const schemes = new Set(security.flatMap((requirement) => Object.keys(requirement as object)));
  if (schemes.has('platformAppApiKey')) return 'platform';
  if (schemes.has('agentBotApiKey')) return 'user_or_bot';
  if (schemes.has('userApiKey')) return 'user';
  return 'none';
}
