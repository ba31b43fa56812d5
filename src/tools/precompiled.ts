import { readFileSync } from 'node:fs';
import { catalogFromDocument, loadCatalog } from '../catalog/load.js';
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

/** The catalog as the build writes it to dist/: plain JSON, links between operations as ids, views once. */
export interface CompiledCatalog {
  views: Views;
  operations: CompiledOperation[];
  listed: Record<string, JsonSchema>;
}

type CompiledOperation = Omit<Operation, 'result'> & {
  result: {
    view: Operation['result']['view'];
    readBack: (Omit<ReadBack, 'operation'> & { operation: string }) | undefined;
  };
};

/** Set by scripts/build.mjs in the bundle only: where the build wrote the compiled catalog. */
declare const __COMPILED_CATALOG__: string | undefined;

/**
 * The bundle reads the catalog the build derived from openapi.json (one compact parse, no derivation at start);
 * running from the sources (tests, tsx) derives it from openapi.json, the one source of truth.
 */
export function loadToolCatalog(): ToolCatalog {
  if (typeof __COMPILED_CATALOG__ !== 'string')
    return { operations: loadCatalog(packageFile('openapi.json')) };
  const file = packageFile(__COMPILED_CATALOG__);
  let compiled: CompiledCatalog;
  try {
    compiled = JSON.parse(readFileSync(file, 'utf8')) as CompiledCatalog;
  } catch (error) {
    throw new Error(`cannot read the compiled catalog ${file}: ${(error as Error).message}`);
  }
  return fromCompiled(compiled);
}

/** What the build writes: the operations of the document and their listed schemas, as JSON. */
export function compileCatalog(document: JsonSchema): CompiledCatalog {
  const operations = catalogFromDocument(document);
  return {
    views: operations[0]?.result.views ?? {},
    operations: operations.map(({ result, ...operation }) => ({
      ...operation,
      result: {
        view: result.view,
        readBack: result.readBack && { ...result.readBack, operation: result.readBack.operation.id },
      },
    })),
    listed: Object.fromEntries(
      operations.map((operation) => [operation.id, listedSchema(buildToolInput(operation).schema)]),
    ),
  };
}

/** The compiled catalog with its links restored: the shared views, and read-backs pointing at operations. */
export function fromCompiled(compiled: CompiledCatalog): ToolCatalog {
  const { views } = compiled;
  const operations = compiled.operations as unknown as Operation[];
  const byId = new Map(operations.map((operation) => [operation.id, operation]));
  for (const operation of operations) {
    const readBack = operation.result.readBack as unknown as CompiledOperation['result']['readBack'];
    operation.result.views = views;
    if (readBack)
      operation.result.readBack = { ...readBack, operation: byId.get(readBack.operation) as Operation };
  }
  return { operations, listed: new Map(Object.entries(compiled.listed)) };
}
