import { catalogFromDocument, loadCatalog, readJson } from '../catalog/load.js';
import type { JsonSchema, Operation, ReadBack, Views } from '../catalog/types.js';
import { packageFile } from '../paths.js';
import { buildToolInput } from './inputSchema.js';
import { listedSchema } from './listedSchema.js';

/**
 * What start-up needs of openapi.json: its operations, and each one's listed input schema (the walk that makes it
 * portable is the costliest part of building a tool). `listed` is absent when there is nothing precomputed.
 */
export interface ToolCatalog {
  operations: Operation[];
  listed?: ReadonlyMap<string, JsonSchema> | undefined;
}

/** What of an operation only a call (or search) reads: kept as JSON text in the compiled catalog until then. */
const DETAILS = ['parameters', 'body', 'covers', 'intents', 'result'] as const;
type Details = Pick<Operation, (typeof DETAILS)[number]>;
type CompiledReadBack = Omit<ReadBack, 'operation'> & { operation: string };

/**
 * The catalog as the build writes it to dist/catalog.json: per operation what start-up reads (the surface, the
 * listing) as JSON, and its details as the JSON text of {parameters, body, covers, intents, result} (read-backs
 * name their operation); the document's views once; the listed schema of every operation's input.
 */
export interface CompiledCatalog {
  views: Views;
  operations: (Omit<Operation, keyof Details> & { details: string })[];
  listed: Record<string, JsonSchema>;
}

/** Set by scripts/build.mjs in the bundle only: where the build wrote the compiled catalog. */
declare const __COMPILED_CATALOG__: string | undefined;

/**
 * The bundle reads the catalog the build derived from openapi.json (one compact parse, no derivation at start);
 * running from the sources (tests, tsx) derives it from openapi.json, the one source of truth.
 */
export function loadToolCatalog(): ToolCatalog {
  if (typeof __COMPILED_CATALOG__ !== 'string')
    return { operations: loadCatalog(packageFile('openapi.json')) };
  const compiled = readJson(packageFile(__COMPILED_CATALOG__), 'the compiled catalog') as CompiledCatalog;
  return fromCompiled(compiled);
}

/** What the build writes: the operations of the document and their listed schemas. */
export function compileCatalog(document: JsonSchema): CompiledCatalog {
  const operations = catalogFromDocument(document);
  return {
    views: operations[0]?.result.views ?? {},
    operations: operations.map(({ parameters, body, covers, intents, result, ...operation }) => {
      const { view, readBack } = result;
      const link = readBack && { ...readBack, operation: readBack.operation.id };
      const details = { parameters, body, covers, intents, result: { view, readBack: link } };
      return { ...operation, details: JSON.stringify(details) };
    }),
    listed: Object.fromEntries(
      operations.map((operation) => [operation.id, listedSchema(buildToolInput(operation).schema)]),
    ),
  };
}

/**
 * The operations of a compiled catalog. An operation's details are parsed when first read (its first call), with
 * their links restored: the shared views, and the read-back's operation.
 */
export function fromCompiled(compiled: CompiledCatalog): ToolCatalog {
  const byId = new Map<string, Operation>();
  const operations = compiled.operations.map(({ details, ...start }) => {
    let parsed: Details | undefined;
    const read = (): Details => {
      if (parsed) return parsed;
      const raw = JSON.parse(details) as Details;
      const link = raw.result.readBack as unknown as CompiledReadBack | undefined;
      raw.result.views = compiled.views;
      if (link) raw.result.readBack = { ...link, operation: byId.get(link.operation) as Operation };
      parsed = raw;
      return raw;
    };
    const operation = start as Operation;
    for (const key of DETAILS)
      Object.defineProperty(operation, key, { enumerable: true, get: () => read()[key] });
    byId.set(operation.id, operation);
    return operation;
  });
  return { operations, listed: new Map(Object.entries(compiled.listed)) };
}
