import { describe, expect, it } from 'vitest';
import { allTools } from '../bench/searchEval.js';
import type { JsonSchema } from '../src/catalog/types.js';
import { pointersOf } from '../src/tools/pointers.js';
import { connectInMemory } from './helpers/inMemory.js';

const tools = new Map(allTools().map((tool) => [tool.listing.name, tool]));
/** Ids a tool needs before it can give anything; a search term, a name or a kind the model supplies itself. */
const ID = /(_id|_identifier|_uuid|_slug)$/;
/** The two ids of a client API session, which every client tool takes and the model keeps. */
const SESSION = ['inbox_identifier', 'contact_identifier'];
const argumentsOf = (name: string) => {
  const schema = tools.get(name)?.input.schema as JsonSchema;
  return {
    all: Object.keys((schema.properties ?? {}) as object),
    ids: ((schema.required as string[] | undefined) ?? []).filter(
      (arg) => ID.test(arg) && arg !== 'account_id' && !SESSION.includes(arg),
    ),
  };
};

describe('"from X" pointers in descriptions', () => {
  const pointers = [...tools.values()].flatMap((tool) =>
    pointersOf(tool.listing).map((pointer) => ({ tool: tool.listing.name, ...pointer })),
  );

  it('are many (the check has something to check)', () => {
    expect(pointers.length).toBeGreaterThan(100);
  });

  it('name a tool that exists, is not the tool itself, and needs no id the caller does not have', () => {
    const wrong = pointers.flatMap(({ tool, at, target }) => {
      const where = `${tool} ${at || '(description)'} → ${target}`;
      if (!tools.has(target)) return [`${where}: no such tool`];
      if (target === tool) return [`${where}: points at itself`];
      const own = argumentsOf(tool).all;
      const missing = argumentsOf(target).ids.filter((arg) => !own.includes(arg));
      return missing.length > 0 ? [`${where}: ${target} needs ${missing.join(', ')} first`] : [];
    });
    expect(wrong).toEqual([]);
  });

  it('name only tools that exist wherever a reading tool is named', () => {
    const named = [...tools.values()].flatMap((tool) =>
      [
        ...JSON.stringify([tool.listing.description, tool.listing.inputSchema]).matchAll(
          /\b(?:list|get|search)_[a-z_]+\b/g,
        ),
      ].map((match) => `${tool.listing.name} → ${match[0]}`),
    );
    expect(named.filter((entry) => !tools.has(entry.split(' → ')[1] as string))).toEqual([]);
  });

  it('say so where the tool they name is off on this server', async () => {
    const { client } = await connectInMemory('http://127.0.0.1:9', { apiToken: undefined });
    const { tools: listed } = await client.listTools();
    const inbox = listed.find((tool) => tool.name === 'client_get_inbox');
    const description = (inbox?.inputSchema.properties?.inbox_identifier as JsonSchema | undefined)
      ?.description;
    expect(description).toMatch(
      /^API inbox identifier, from list_inboxes \(off on this server: ask the user\)\.$/,
    );
  });

  it('are reachable through call_tool where they are not listed, and the instructions say how', async () => {
    const { client } = await connectInMemory('http://127.0.0.1:9', { toolMode: 'dynamic' });
    expect(client.getInstructions()).toMatch(
      /not in your tool list is behind search_tools: call it with call_tool/,
    );
    const full = await connectInMemory('http://127.0.0.1:9', { toolMode: 'full' });
    expect(full.client.getInstructions()).not.toMatch(/call_tool/);
  });
});
