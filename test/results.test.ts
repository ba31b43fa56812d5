import { describe, expect, it } from 'vitest';
import { catalogFromDocument } from '../src/catalog/load.js';
import type { Operation } from '../src/catalog/types.js';
import { createRedactor } from '../src/redact.js';
import { CHARS_PER_TOKEN, fitResult } from '../src/results/fit.js';
import { type ShapeContext, shapeResult } from '../src/results/shape.js';
import { applyView } from '../src/results/view.js';

const views = {
  person: { fields: { id: 'id', name: { from: 'available_name', else: 'name' } } },
  item: {
    fields: {
      id: 'id',
      at: { from: 'created_at', time: true },
      kind: { from: 'private', map: { true: 'note' }, else: { from: 'type', map: { 0: 'in', 1: 'out' } } },
      who: { from: 'sender', view: 'person' },
    },
  },
};

describe('views', () => {
  it('read paths, rename, map with a fallback, convert times, and apply named views to each item', () => {
    const reply = {
      meta: { count: 2 },
      payload: [
        {
          id: 1,
          created_at: 1_700_000_000,
          private: false,
          type: 0,
          sender: { id: 9, name: 'Jane' },
          noise: 'x',
        },
        {
          id: 2,
          created_at: '2026-01-02T03:04:05.000Z',
          private: true,
          type: 1,
          sender: { id: 3, available_name: 'Bob', name: 'Robert' },
        },
      ],
    };
    const view = { fields: { count: 'meta.count', items: { from: 'payload', view: 'item' } } };
    expect(applyView(view, reply, views)).toEqual({
      count: 2,
      items: [
        { id: 1, at: '2023-11-14T22:13:20Z', kind: 'in', who: { id: 9, name: 'Jane' } },
        { id: 2, at: '2026-01-02T03:04:05Z', kind: 'note', who: { id: 3, name: 'Bob' } },
      ],
    });
  });

  it('drop what says nothing (null, "", {}, zero times, nested empty lists) but keep false, 0 and the reply\'s own lists', () => {
    const view = { fields: { a: 'a', b: 'b', c: 'c', d: 'd', e: 'e', f: { from: 'f', time: true }, g: 'g' } };
    expect(applyView(view, { a: null, b: '', c: [], d: { x: [] }, e: false, f: 0, g: 0 }, {})).toEqual({
      c: [],
      e: false,
      g: 0,
    });
  });

  it('extend a named view with more fields, and drop a field a map sends to null', () => {
    const view = {
      view: 'person',
      fields: { status: { from: 'status', map: { sent: null }, else: 'status' } },
    };
    expect(applyView(view, { id: 1, name: 'A', status: 'sent' }, views)).toEqual({ id: 1, name: 'A' });
    expect(applyView(view, { id: 1, name: 'A', status: 'failed' }, views)).toEqual({
      id: 1,
      name: 'A',
      status: 'failed',
    });
  });

  it('a view naming an undeclared view is refused when openapi.json is read, not at the first call', () => {
    const document = (view: unknown) => ({
      components: { 'x-views': views },
      paths: { '/x': { get: { operationId: 'x', security: [], 'x-view': view } } },
    });
    expect(() => catalogFromDocument(document({ view: 'nope' }))).toThrow(/unknown view "nope"/);
    expect(catalogFromDocument(document({ view: 'person' }))[0]?.result.view).toEqual({ view: 'person' });
  });
});

const catalog = catalogFromDocument({
  components: { 'x-views': views },
  paths: {
    '/things/{thing_id}': {
      parameters: [{ name: 'thing_id', in: 'path', required: true, schema: { type: 'integer' } }],
      get: { operationId: 'get_thing', security: [], 'x-view': { view: 'person' } },
      post: {
        operationId: 'touch_thing',
        security: [],
        parameters: [{ name: 'thing_id', in: 'path', required: true, schema: { type: 'integer' } }],
        'x-read-back': { operation: 'get_thing', as: 'thing' },
      },
      delete: {
        operationId: 'delete_thing',
        summary: 'Delete a thing',
        security: [],
        parameters: [{ name: 'thing_id', in: 'path', required: true, schema: { type: 'integer' } }],
      },
    },
  },
});
const operation = (id: string) => catalog.find((candidate) => candidate.id === id) as Operation;
const context = (overrides: Partial<ShapeContext> = {}): ShapeContext => ({
  redact: createRedactor(['secret-token-1']),
  full: false,
  maxResultTokens: 8000,
  structured: false,
  draft: undefined,
  readState: async () => ({ id: 7, name: 'Seven', extra: 'dropped' }),
  paging: {},
  ...overrides,
});
const textOf = (result: { content: { type: string; text?: string }[] }) => result.content[0]?.text ?? '';

describe('results', () => {
  it('reach the model once, as compact text; structuredContent only when the setting asks for it', async () => {
    const reply = { id: 1, name: 'A', junk: { deep: [1] } };
    const once = await shapeResult(operation('get_thing'), {}, reply, context());
    expect(once).toEqual({ content: [{ type: 'text', text: '{"id":1,"name":"A"}' }] });
    const both = await shapeResult(operation('get_thing'), {}, reply, context({ structured: true }));
    expect(both.structuredContent).toEqual({ id: 1, name: 'A' });
  });

  it('give Chatwoot JSON unchanged in full mode', async () => {
    const reply = { id: 1, name: 'A', junk: { deep: [1, null, ''] }, nothing: null };
    const result = await shapeResult(operation('get_thing'), {}, reply, context({ full: true }));
    expect(JSON.parse(textOf(result))).toEqual(reply);
  });

  it('never carry a configured secret, in text or in structuredContent', async () => {
    const result = await shapeResult(
      operation('get_thing'),
      {},
      { id: 1, name: 'secret-token-1' },
      context({ structured: true }),
    );
    expect(JSON.stringify(result)).not.toContain('secret-token-1');
    expect(result.structuredContent).toEqual({ id: 1, name: '[redacted]' });
  });

  it('say what an empty reply did, on which ids', async () => {
    const result = await shapeResult(operation('delete_thing'), { thing_id: 4 }, undefined, context());
    expect(JSON.parse(textOf(result))).toEqual({ done: { what: 'Delete a thing', thing_id: 4 } });
  });

  it('read back the state a write produced, passing its path values on', async () => {
    const asked: unknown[] = [];
    const result = await shapeResult(
      operation('touch_thing'),
      { thing_id: 7 },
      { ok: 1 },
      context({
        readState: async (target, args) => {
          asked.push([target.id, args]);
          return { id: 7, name: 'Seven', extra: 'dropped' };
        },
      }),
    );
    expect(asked).toEqual([['get_thing', { thing_id: 7 }]]);
    expect(JSON.parse(textOf(result))).toEqual({ thing: { id: 7, name: 'Seven' } });
  });

  it('say a write succeeded when only its read-back failed, with the reply it got', async () => {
    const result = await shapeResult(
      operation('touch_thing'),
      { thing_id: 7 },
      { ok: 1 },
      context({
        readState: async () => {
          throw new Error('HTTP 500');
        },
      }),
    );
    expect(result.isError).toBeUndefined();
    const parsed = JSON.parse(textOf(result));
    expect(parsed.ok).toBe(1);
    expect(parsed.read_back).toMatch(
      /^The write succeeded, but reading the state back with get_thing failed: HTTP 500/,
    );
  });

  it('open with the draft sentence in draft mode', async () => {
    const says = 'Saved as a private draft note: the customer has NOT received it.';
    const result = await shapeResult(operation('get_thing'), {}, { id: 1 }, context({ draft: says }));
    expect(JSON.parse(textOf(result))).toEqual({ draft: says, id: 1 });
  });
});

describe('the result budget', () => {
  const budgetOf = (tokens: number) => tokens * CHARS_PER_TOKEN;

  it('bounds the whole rendering, keys and structure included: an object with 300,000 keys', () => {
    const wide = Object.fromEntries(Array.from({ length: 300_000 }, (_, index) => [`key${index}`, index]));
    const { text, marker } = fitResult(wide, 8000);
    expect(text.length).toBeLessThanOrEqual(budgetOf(8000));
    expect(JSON.parse(text).key0).toBe(0);
    expect(marker).toMatch(/^\d+ of 300000 fields of the reply left out to stay within 8000 tokens/);
  });

  it('stays linear on arrays nested 1,500 levels deep, and says what it left out', () => {
    let deep: unknown = ['x'.repeat(6000)];
    for (let level = 0; level < 1500; level++) deep = [deep, level];
    const { text, marker } = fitResult(deep, 1000);
    expect(text.length).toBeLessThanOrEqual(budgetOf(1000));
    expect(text).toContain('nested deeper than 64 levels: left out');
    expect(marker).toBeDefined();
  });

  it('cuts the largest list, keeping paging metadata whole, and names the next page', () => {
    const reply = {
      meta: { count: 500, current_page: 1 },
      payload: Array.from({ length: 500 }, (_, id) => ({ id, text: 'y'.repeat(100) })),
    };
    const { text, marker } = fitResult(reply, 2000, { nextPage: 2 });
    const parsed = JSON.parse(text);
    expect(text.length).toBeLessThanOrEqual(budgetOf(2000));
    expect(parsed.meta).toEqual({ count: 500, current_page: 1 });
    expect(parsed.payload[0].id).toBe(0);
    expect(marker).toMatch(/of 500 items of "payload" left out .* page: 2/);
  });

  it('keeps the newest items of a list that pages backwards, and names the before id', () => {
    const reply = {
      messages: Array.from({ length: 300 }, (_, index) => ({ id: index + 1, text: 'z'.repeat(100) })),
    };
    const { text, marker } = fitResult(reply, 1000, { pagesBefore: true });
    const kept = JSON.parse(text).messages as { id: number }[];
    expect(kept.at(-1)?.id).toBe(300);
    expect(marker).toContain(`before: ${kept[0]?.id}`);
  });

  it('shortens long strings when no list can make it fit', () => {
    const { text, marker } = fitResult({ a: 'a'.repeat(50_000), b: 'b'.repeat(50_000) }, 1000);
    expect(text.length).toBeLessThanOrEqual(budgetOf(1000));
    expect(JSON.parse(text).a).toMatch(/characters cut\]$/);
    expect(marker).toMatch(/Long texts were shortened/);
  });
});
