import type { Upload } from '../attachments/load.js';
import type { HttpMethod, Operation } from '../catalog/types.js';
import { railsPairs } from './rails.js';

export interface HttpRequest {
  method: HttpMethod;
  /** Path with every parameter percent-encoded, without the base URL. */
  path: string;
  searchParams: URLSearchParams;
  json: unknown;
  /** Files: the request goes as multipart/form-data, `json` as its Rails-style fields. */
  uploads?: Upload[] | undefined;
  /** A success must be JSON (or empty): anything else came from something that is not Chatwoot's API. */
  expectJson?: boolean | undefined;
}

/** Rails reads JSON at most 100 levels deep (the json gem's max_nesting): deeper bodies are refused before sending. */
const MAX_BODY_DEPTH = 100;

/** An argument that cannot become part of the request: a path value that is no segment, a body too deep. */
export class ArgumentError extends Error {
  constructor(
    readonly parameter: string,
    reason: string,
  ) {
    super(`"${parameter}" ${reason}`);
    this.name = 'ArgumentError';
  }
}

/** An operation's path split once: literal text at even indexes, parameter names at odd ones. */
const pathTemplates = new WeakMap<Operation, string[]>();

export function buildHttpRequest(
  operation: Operation,
  parts: { path: Record<string, unknown>; query: Record<string, unknown>; body: unknown },
): HttpRequest {
  let template = pathTemplates.get(operation);
  if (!template) {
    template = operation.path.split(/\{([^}]+)\}/);
    pathTemplates.set(operation, template);
  }
  let path = template[0] as string;
  for (let index = 1; index < template.length; index += 2) {
    const name = template[index] as string;
    path += encodePathSegment(name, parts.path[name]) + template[index + 1];
  }
  const searchParams = new URLSearchParams();
  for (const [name, value] of Object.entries(parts.query)) {
    for (const [key, item] of railsPairs(name, value)) searchParams.append(key, item);
  }
  refuseTooDeep(parts.body);
  return {
    method: operation.method,
    path,
    searchParams,
    json: parts.body,
    expectJson: operation.reply === 'json',
  };
}

/** Names the body argument nested deeper than Chatwoot reads; such a body would also overflow JSON.stringify. */
function refuseTooDeep(body: unknown): void {
  const isRecord = body !== null && typeof body === 'object' && !Array.isArray(body);
  const entries = isRecord ? Object.entries(body) : [['body', body] as const];
  for (const [name, value] of entries) {
    if (deeperThan(value, isRecord ? MAX_BODY_DEPTH - 1 : MAX_BODY_DEPTH))
      throw new ArgumentError(name, `is nested deeper than the ${MAX_BODY_DEPTH} levels Chatwoot reads`);
  }
}

function deeperThan(value: unknown, levels: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  return levels === 0 || Object.values(value).some((item) => deeperThan(item, levels - 1));
}

/** One path segment, so that no value can climb out of it ("..", "/", "?", "#" and the like). */
function encodePathSegment(name: string, value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string')
    throw new ArgumentError(name, 'is required and must be a string or a number');
  if (value === '' || value === '.' || value === '..') throw new ArgumentError(name, `cannot be "${value}"`);
  try {
    return encodeURIComponent(value);
  } catch {
    // URIError: a lone UTF-16 surrogate has no UTF-8 form to percent-encode.
    throw new ArgumentError(name, 'is not well-formed Unicode text (it holds a lone surrogate)');
  }
}
