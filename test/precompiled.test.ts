import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogFromDocument } from '../src/catalog/load.js';
import type { JsonSchema, Operation } from '../src/catalog/types.js';
import { packageFile } from '../src/paths.js';
import { buildTool } from '../src/tools/definitions.js';
import { listedSchema } from '../src/tools/listedSchema.js';
import { compileCatalog, fromCompiled } from '../src/tools/precompiled.js';

const document = JSON.parse(readFileSync(packageFile('openapi.json'), 'utf8')) as JsonSchema;
const derived = catalogFromDocument(document);
// What the build writes to dist/catalog.json (the server reads it at start-up) and dist/intents.json (search).
const compiled = compileCatalog(document);
const rehydrate = () => fromCompiled({ ...compiled, intents: () => compiled.intents });

describe('the catalog the build compiles from openapi.json', () => {
  it('is what dist/ holds: a build that missed a change to openapi.json fails here', () => {
    for (const [name, text] of Object.entries(compiled)) {
      const file = packageFile(`dist/${name}.json`);
      expect(existsSync(file), 'run `npm run build`').toBe(true);
      expect(readFileSync(file, 'utf8') === text, file).toBe(true);
    }
    // The API description the bundle serves as chatwoot://openapi: openapi.json, minified, without the x-intents
    // only search_tools reads (from the compiled catalog).
    const served = JSON.stringify(document, (key, value) => (key === 'x-intents' ? undefined : value));
    expect(readFileSync(packageFile('dist/openapi.json'), 'utf8')).toBe(served);
  });

  it('rehydrates to the operations a fresh derivation gives, links to read-backs and views included', () => {
    const { operations, listed } = rehydrate();
    // The details are getters of the compiled operations: read each, as a call does (a read-back by its name).
    const read = (operation: Operation) => {
      const { readBack } = operation.result;
      return {
        ...operation,
        description: operation.description,
        parameters: operation.parameters,
        body: operation.body,
        covers: operation.covers,
        intents: operation.intents,
        result: {
          ...operation.result,
          readBack: readBack && { ...readBack, operation: readBack.operation.id },
        },
      };
    };
    expect(operations.map(read)).toEqual(derived.map(read));
    const readBacks = operations.filter((operation) => operation.result.readBack);
    expect(readBacks.length).toBeGreaterThan(0);
    for (const operation of readBacks) expect(operations).toContain(operation.result.readBack?.operation);
    expect(new Set(operations.map((operation) => operation.result.views)).size).toBe(1);
    expect([...(listed?.keys() ?? [])]).toEqual(derived.map((operation) => operation.id));
  });

  it('lists every tool as listedSchema does, under every setting that changes a listing', () => {
    const { operations, listed } = rehydrate();
    // Tools off on this server (a toolset left out, read-only mode): pointers to them in a listing say so.
    const offs = [new Set(['list_inboxes', 'list_agents']), new Set(['list_labels', 'search_contacts'])];
    const settings = [
      {},
      { defaultAccountId: 3 },
      { draftReplies: true },
      { defaultAccountId: 3, draftReplies: true },
      { findsAccount: true },
      { findsAccount: true, draftReplies: true },
      ...offs.flatMap((off) => [
        { isOff: (name: string) => off.has(name) },
        { findsAccount: true, isOff: (name: string) => off.has(name) },
        { defaultAccountId: 3, draftReplies: true, isOff: (name: string) => off.has(name) },
      ]),
    ];
    let changed = 0;
    let asBuilt = 0;
    for (const options of settings)
      operations.forEach((operation, index) => {
        const fresh = buildTool(derived[index] as (typeof derived)[number], options);
        const tool = buildTool(operation, { ...options, listed: listed?.get(operation.id) });
        const omit =
          ('defaultAccountId' in options ||
            ('findsAccount' in options && operation.family === 'application')) &&
          'account_id' in (tool.input.schema.properties as object)
            ? ['account_id']
            : [];
        // What a client reads is the same text, in the order a fresh listing has, whether it is the build's text
        // (read before the listing, as tools/list does) or made from the listing.
        const text = JSON.stringify(fresh.listing);
        if (tool.listingJson === listed?.get(operation.id)?.json) asBuilt++;
        expect(tool.listingJson, operation.id).toBe(text);
        expect(JSON.stringify(tool.listing), operation.id).toBe(text);
        expect(fresh.listingJson, operation.id).toBe(text);
        expect(tool.listing, operation.id).toEqual(fresh.listing);
        expect(tool.input.schema, operation.id).toEqual(fresh.input.schema);
        if (!('isOff' in options))
          expect(tool.listing.inputSchema, operation.id).toEqual(listedSchema(tool.input.schema, omit));
        const plain = buildTool(derived[index] as (typeof derived)[number]).listing.inputSchema;
        if (JSON.stringify(tool.listing.inputSchema) !== JSON.stringify(plain)) changed++;
      });
    // The settings do take arguments away (account_id, draft-only ones), so the comparison above means something;
    // and most listings under them are the build's text, which tools/list sends unparsed.
    expect(changed).toBeGreaterThan(300);
    expect(asBuilt).toBeGreaterThan(operations.length * 4);
  });
});
