import { readFileSync } from 'node:fs';
import { catalogFromDocument, loadCatalog } from '../catalog/load.js';
import type { JsonSchema, Operation, ReadBack, Views } from '../catalog/types.js';
import { packageFile } from '../paths.js';
import { buildToolInput } from './inputSchema.js';
import { listedSchema, withoutArguments } from './listedSchema.js';
import { toolListing } from './listing.js';

/**
 * What start-up needs of openapi.json: its operations, and each one's listing as the build wrote it (building the
 * listed input schemas is the costliest part of building the tools). `listed` is absent when nothing is precomputed.
 */
export interface ToolCatalog {
  operations: Operation[];
  listed?: ReadonlyMap<string, PrecomputedListing> | undefined;
}

/**
 * A tool's listing as the build wrote it: JSON text, without `account_id` (as most servers list it: a default
 * account, or one found from the token), and where `account_id` goes back in when it is listed. Kept as text: where
 * the settings leave it as it is, tools/list writes it without parsing it (src/transports/stdio.ts).
 */
export interface PrecomputedListing {
  json: string;
  account?: { schema: JsonSchema; at: number; requiredAt: number } | undefined;
}

/** The listed schema without `account_id`, with `account_id` back in its place when it is to be listed. */
export function listedWith(
  schema: JsonSchema,
  account: PrecomputedListing['account'],
  withAccount: boolean,
): JsonSchema {
  if (!withAccount || !account) return schema;
  const entries = Object.entries(schema.properties as Record<string, JsonSchema>);
  entries.splice(account.at, 0, ['account_id', account.schema]);
  const required = [...((schema.required as string[] | undefined) ?? [])];
  if (account.requiredAt >= 0) required.splice(account.requiredAt, 0, 'account_id');
  return { ...schema, properties: Object.fromEntries(entries), ...(required.length > 0 ? { required } : {}) };
}

/** The listing of an operation without `account_id`, split for the compiled catalog. */
function precompute(operation: Operation): PrecomputedListing {
  const { schema } = buildToolInput(operation);
  const full = listedSchema(schema);
  const at = Object.keys(full.properties as object).indexOf('account_id');
  if (at < 0) return { json: JSON.stringify(toolListing(operation, full)) };
  const account = (full.properties as Record<string, JsonSchema>).account_id as JsonSchema;
  const requiredAt = ((full.required as string[] | undefined) ?? []).indexOf('account_id');
  const listing = toolListing(operation, withoutArguments(full, ['account_id']));
  return { json: JSON.stringify(listing), account: { schema: account, at, requiredAt } };
}

/** What of an operation only a call reads: left unparsed in the compiled catalog until then. */
type Details = Pick<Operation, 'parameters' | 'body' | 'covers' | 'result'>;
type CompiledReadBack = Omit<ReadBack, 'operation'> & { operation: string };

/** Set by scripts/build.mjs in the bundle only: where the build wrote the compiled catalog and the intents. */
declare const __COMPILED_CATALOG__: CompiledCatalog | undefined;

/**
 * The bundle reads the catalog the build derived from openapi.json (no derivation at start); running from the
 * sources (tests, tsx) derives it from openapi.json, the one source of truth.
 */
export function loadToolCatalog(): ToolCatalog {
  if (typeof __COMPILED_CATALOG__ !== 'object')
    return { operations: loadCatalog(packageFile('openapi.json')) };
  const read = (name: string) => {
    const file = packageFile(name);
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`cannot read the compiled catalog ${file}: ${(error as Error).message}`);
    }
  };
  const { catalog, intents } = __COMPILED_CATALOG__;
  return fromCompiled({ catalog: read(catalog), intents: () => read(intents) });
}

/** The two files of the compiled catalog (see compileCatalog), or what they hold. */
export interface CompiledCatalog<Intents = string> {
  catalog: string;
  intents: Intents;
}

/**
 * dist/catalog.json, JSON lines: the document's views; then per operation three lines, two that start-up reads
 * (the operation without its details and description, with where its `account_id` goes; and its listing, which
 * has the description) and its details ({parameters, body, covers, result}, a read-back naming its operation). A
 * tool's details sit next to its listing, which repeats their descriptions: compressed, the package grows by little
 * (a file of details on their own would make it 8 kB larger). dist/intents.json, a JSON line per operation: its
 * intents, which only search reads (on its first use). Apart, start-up reads 80 kB less, and the package is 3 kB
 * smaller than with them among the details.
 */
export function compileCatalog(document: JsonSchema): CompiledCatalog {
  const operations = catalogFromDocument(document);
  const lines = [JSON.stringify(operations[0]?.result.views ?? {})];
  const intentLines: string[] = [];
  for (const { parameters, body, covers, intents, result, ...operation } of operations) {
    const { json, account } = precompute({ ...operation, parameters, body } as Operation);
    const { view, readBack } = result;
    const link = readBack && { ...readBack, operation: readBack.operation.id };
    const { description: _inTheListing, ...head } = operation;
    lines.push(JSON.stringify({ operation: head, account }), json);
    lines.push(JSON.stringify({ parameters, body, covers, result: { view, readBack: link } }));
    intentLines.push(JSON.stringify(intents));
  }
  return { catalog: `${lines.join('\n')}\n`, intents: `${intentLines.join('\n')}\n` };
}

/**
 * An operation of the compiled catalog: what start-up reads is its own (parsed at start-up), its description is
 * its listing's, its details and intents are getters of the class, each parsed from its line on the first read, the
 * details with their links restored (the shared views, the read-back's operation). No per-object accessor is
 * defined: 370 objects stay in V8's fast shape.
 */
class CompiledOperation {
  #listing: string;
  #description: string | undefined;
  #text: string;
  #details: Details | undefined;
  #restore: (details: Details) => void;
  #intents: () => string[];

  constructor(
    head: Omit<Operation, keyof Details | 'description' | 'intents'>,
    lines: { listing: string; details: string },
    restore: (details: Details) => void,
    intents: () => string[],
  ) {
    Object.assign(this, head);
    this.#listing = lines.listing;
    this.#text = lines.details;
    this.#restore = restore;
    this.#intents = intents;
  }

  get description(): string {
    this.#description ??= (JSON.parse(this.#listing) as { description: string }).description;
    return this.#description;
  }

  #read(): Details {
    if (this.#details) return this.#details;
    const details = JSON.parse(this.#text) as Details;
    this.#restore(details);
    this.#details = details;
    return details;
  }

  get parameters() {
    return this.#read().parameters;
  }
  get body() {
    return this.#read().body;
  }
  get covers() {
    return this.#read().covers;
  }
  get intents() {
    return this.#intents();
  }
  get result() {
    return this.#read().result;
  }
}

/** The operations of a compiled catalog. Start-up parses only the heads; see CompiledOperation. */
export function fromCompiled({ catalog, intents }: CompiledCatalog<() => string>): ToolCatalog {
  const lines = catalog.split('\n');
  const byId = new Map<string, Operation>();
  const listed = new Map<string, PrecomputedListing>();
  const operations: Operation[] = [];
  let views: Views | undefined;
  const restore = (details: Details) => {
    const link = details.result.readBack as unknown as CompiledReadBack | undefined;
    views ??= JSON.parse(lines[0] as string) as Views;
    details.result.views = views;
    if (link) details.result.readBack = { ...link, operation: byId.get(link.operation) as Operation };
  };
  let intentLines: string[] | undefined;
  const intentsOf = (index: number) => {
    intentLines ??= intents().split('\n');
    return JSON.parse(intentLines[index] as string) as string[];
  };
  for (let line = 1; line + 2 < lines.length; line += 3) {
    const head = JSON.parse(lines[line] as string) as {
      operation: Omit<Operation, keyof Details | 'description' | 'intents'>;
      account?: PrecomputedListing['account'];
    };
    const json = lines[line + 1] as string;
    const index = operations.length;
    const operation = new CompiledOperation(
      head.operation,
      { listing: json, details: lines[line + 2] as string },
      restore,
      () => intentsOf(index),
    ) as unknown as Operation;
    byId.set(operation.id, operation);
    listed.set(operation.id, { json, account: head.account });
    operations.push(operation);
  }
  return { operations, listed };
}
