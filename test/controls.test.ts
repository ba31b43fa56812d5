import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildManifest } from '../scripts/manifest.js';
import type { Config } from '../src/config.js';
import { CHARS_PER_TOKEN } from '../src/results/fit.js';
import { DEFAULT_TOOLSETS } from '../src/tools/toolsets.js';
import { connectInMemory } from './helpers/inMemory.js';
import { type RecordingServer, startRecordingServer } from './helpers/recordingServer.js';

const manifest = buildManifest();
const names = (predicate: (tool: (typeof manifest.tools)[number]) => boolean) =>
  manifest.tools.filter(predicate).map((tool) => tool.name);
const META = ['search_tools', 'describe_tools', 'call_tool'];

let upstream: RecordingServer;
beforeAll(async () => {
  upstream = await startRecordingServer();
});
afterAll(() => upstream.close());
beforeEach(() => {
  upstream.requests.length = 0;
  upstream.respondWith((_request, response) =>
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":1}'),
  );
});
const sent = () => upstream.requests.map((request) => `${request.method} ${request.url}`);

describe('toolsets and single tools', () => {
  it('default toolsets: exactly the support tools of the application API', async () => {
    const { names: listed } = await connectInMemory(upstream.url, { toolsets: ['default'] });
    expect(await listed()).toEqual(
      names(
        (tool) =>
          (DEFAULT_TOOLSETS as readonly string[]).includes(tool.toolset) && tool.family === 'application',
      ),
    );
  });

  it('chosen toolsets plus --tools minus --exclude-tools, and the rest refused when called', async () => {
    const { names: listed, call } = await connectInMemory(upstream.url, {
      toolsets: ['labels', 'teams'],
      tools: ['get_profile'],
      excludeTools: ['delete_label'],
    });
    expect(await listed()).toEqual(
      names(
        (tool) =>
          (['labels', 'teams'].includes(tool.toolset) && tool.name !== 'delete_label') ||
          tool.name === 'get_profile',
      ),
    );
    for (const [name, reason] of [
      ['delete_label', 'excluded by CHATWOOT_EXCLUDE_TOOLS'],
      ['list_conversations', 'toolset "conversations" is not enabled'],
    ]) {
      const { result, text } = await call(name as string, { account_id: 1, id: 1 });
      expect(result.isError).toBe(true);
      expect(text).toContain(reason);
    }
    expect(sent()).toEqual([]);
  });
});

describe('read-only mode', () => {
  it('lists only reads and refuses every write, directly and through call_tool, even when named in --tools', async () => {
    const { names: listed, call } = await connectInMemory(upstream.url, {
      readOnly: true,
      tools: ['create_message'],
    });
    expect(await listed()).toEqual(
      names((tool) => tool.annotations.readOnlyHint === true && tool.family !== 'platform'),
    );
    const direct = await call('create_message', { account_id: 1, conversation_id: 1, content: 'hi' });
    expect(direct.text).toContain('read-only mode is on');
    const dynamic = await connectInMemory(upstream.url, { readOnly: true, toolMode: 'dynamic' });
    const viaMeta = await dynamic.call('call_tool', {
      name: 'delete_contact',
      arguments: { account_id: 1, id: 3 },
    });
    expect(viaMeta.result.isError).toBe(true);
    expect(viaMeta.text).toContain('read-only mode is on');
    expect(sent()).toEqual([]);
  });
});

describe('tool modes', () => {
  it('dynamic: three meta-tools under 800 tokens that search, describe and call with the same filters', async () => {
    const { client, call } = await connectInMemory(upstream.url, {
      toolMode: 'dynamic',
      toolsets: ['default'],
    });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(META);
    expect(encode(JSON.stringify({ tools })).length).toBeLessThan(800);

    const found = await call('search_tools', { query: 'add label vip to this chat' });
    expect(JSON.parse(found.text)[0].name).toBe('add_conversation_labels');
    const described = JSON.parse((await call('describe_tools', { names: ['add_conversation_labels'] })).text);
    expect(described[0].inputSchema.properties.labels.type).toBe('array');

    const called = await call('call_tool', {
      name: 'add_conversation_labels',
      arguments: { account_id: 1, conversation_id: 4, labels: ['vip'] },
    });
    expect(called.result.isError).toBeFalsy();
    expect(sent()).toEqual(['POST /api/v1/accounts/1/conversations/4/labels']);
    const invalid = await call('call_tool', {
      name: 'add_conversation_labels',
      arguments: { account_id: 1 },
    });
    expect(invalid.text).toMatch(/"conversation_id" is required/);
    const filtered = await call('call_tool', { name: 'platform_create_user', arguments: {} });
    expect(filtered.text).toContain('not available on this server');
  });

  it('auto: every tool when the list fits the budget and the client', async () => {
    const { names: listed } = await connectInMemory(upstream.url, {
      toolMode: 'auto',
      toolsets: ['default'],
    });
    expect(await listed()).toEqual(
      names(
        (tool) =>
          (DEFAULT_TOOLSETS as readonly string[]).includes(tool.toolset) && tool.family === 'application',
      ),
    );
  });

  it('auto: whole toolsets, most used first, plus the dynamic trio, when everything does not fit', async () => {
    const { names: listed } = await connectInMemory(upstream.url, {
      toolMode: 'auto',
      toolsets: ['all'],
      platformToken: 'p-token-000000',
    });
    const tools = await listed();
    expect(tools.slice(-3)).toEqual(META);
    expect(tools).toContain('create_message');
    expect(tools).not.toContain('platform_create_user');
    expect(encode(JSON.stringify(tools)).length).toBeLessThan(10_000);
  });

  it("auto: respects a known client's tool cap (Cursor: 40)", async () => {
    const { names: listed, call } = await connectInMemory(
      upstream.url,
      { toolMode: 'auto', toolsets: ['default'] },
      { clientName: 'cursor-vscode' },
    );
    const tools = await listed();
    expect(tools.length).toBeLessThanOrEqual(40);
    expect(tools.slice(-3)).toEqual(META);
    const hidden = names(
      (tool) =>
        (DEFAULT_TOOLSETS as readonly string[]).includes(tool.toolset) &&
        tool.family === 'application' &&
        !tools.includes(tool.name),
    );
    expect(hidden.length).toBeGreaterThan(0);
    const viaMeta = await call('call_tool', { name: hidden[0] as string, arguments: {} });
    expect(viaMeta.text).not.toContain('Unknown tool');
  });
});

describe('draft-only replies', () => {
  it('turns every reply into a private note, hides client-API messages, and says so', async () => {
    const { client, call, names: listed } = await connectInMemory(upstream.url, { draftReplies: true });
    const { tools } = await client.listTools();
    const createMessage = tools.find((tool) => tool.name === 'create_message');
    expect(createMessage?.inputSchema.properties).not.toHaveProperty('private');
    expect(createMessage?.description).toContain('Draft-only mode');
    expect(
      tools.find((tool) => tool.name === 'create_conversation')?.inputSchema.properties,
    ).not.toHaveProperty('message');
    expect(await listed()).not.toContain('client_create_message');

    for (const args of [
      { content: 'a' },
      { content: 'b', private: false },
      { content: 'c', private: 'false' },
      { content: 'd', private: true },
    ]) {
      await call('create_message', { account_id: 1, conversation_id: 2, ...args });
    }
    const bodies = upstream.requests.map((request) => JSON.parse(request.body));
    expect(bodies).toHaveLength(4);
    for (const body of bodies) expect(body.private).toBe(true);
    const refused = await call('client_create_message', {
      inbox_identifier: 'x',
      contact_identifier: 'y',
      conversation_id: 1,
      content: 'hi',
    });
    expect(refused.text).toContain('draft-only replies are on');
    expect(upstream.requests).toHaveLength(4);
  });
});

describe('confirmation of destructive calls', () => {
  const remove = { account_id: 1, label_id: 5 };

  it('asks the user through elicitation; a yes sends, a no or a cancel does not', async () => {
    const yes = await connectInMemory(upstream.url, { confirmDestructive: true }, { elicitation: 'accept' });
    expect(
      (await yes.client.listTools()).tools.find((tool) => tool.name === 'delete_label')?.inputSchema.required,
    ).not.toContain('confirm');
    expect((await yes.call('delete_label', remove)).result.isError).toBeFalsy();
    expect(yes.elicitations[0]).toMatch(
      /^Allow this destructive action\? .*delete_label \{"account_id":1,"label_id":5\}/,
    );
    for (const answer of ['decline', 'cancel'] as const) {
      const no = await connectInMemory(upstream.url, { confirmDestructive: true }, { elicitation: answer });
      const { result, text } = await no.call('delete_label', remove);
      expect(result.isError).toBe(true);
      expect(text).toContain('the user did not confirm');
    }
    expect(sent()).toEqual(['DELETE /api/v1/accounts/1/labels/5']);
  });

  it('requires confirm: true from clients that cannot be asked, and never forwards it', async () => {
    const { client, call } = await connectInMemory(upstream.url, { confirmDestructive: true });
    const listing = (await client.listTools()).tools.find((tool) => tool.name === 'delete_label');
    expect(listing?.inputSchema.required).toContain('confirm');
    expect(listing?.description).toContain('confirm: true');
    expect((await call('delete_label', remove)).text).toContain('confirmation is required');
    expect(sent()).toEqual([]);
    expect((await call('delete_label', { ...remove, confirm: true })).result.isError).toBeFalsy();
    expect(upstream.requests.map((request) => request.body)).toEqual(['']);
    expect((await call('list_labels', { account_id: 1 })).result.isError).toBeFalsy();
  });
});

describe('forgiving arguments', () => {
  it('converts what is unambiguous, reports it in _meta, and still refuses what is wrong', async () => {
    const { call } = await connectInMemory(upstream.url, {});
    const { result } = await call('add_conversation_labels', {
      account_id: '1',
      conversation_id: '42',
      labels: '["vip","billing"]',
    });
    expect(sent()).toEqual(['POST /api/v1/accounts/1/conversations/42/labels']);
    expect(JSON.parse(upstream.requests[0]?.body ?? '')).toEqual({ labels: ['vip', 'billing'] });
    expect(result._meta?.['chatwoot-mcp/coerced']).toEqual([
      'account_id: "1" → 1',
      'conversation_id: "42" → 42',
      'labels: "[\\"vip\\",\\"billing\\"]" → ["vip","billing"]',
    ]);
    await call('add_conversation_labels', { account_id: 1, conversation_id: 42, labels: 'vip' });
    expect(JSON.parse(upstream.requests[1]?.body ?? '')).toEqual({ labels: ['vip'] });
    await call('create_message', { account_id: 1, conversation_id: 42, content: 'x', private: 'true' });
    expect(JSON.parse(upstream.requests[2]?.body ?? '')).toEqual({ content: 'x', private: true });
    const wrong = await call('get_conversation', { account_id: 1, conversation_id: 'forty-two' });
    expect(wrong.result.isError).toBe(true);
    expect(wrong.text).toContain('"conversation_id"');
    expect(upstream.requests).toHaveLength(3);
  });
});

describe('time arguments', () => {
  it('take ISO 8601 as well as Unix seconds, converted to what Chatwoot reads', async () => {
    const { call } = await connectInMemory(upstream.url, {});
    const report = await call('get_summary_report', {
      account_id: 1,
      type: 'account',
      since: '2026-03-01',
      until: 1772928000,
    });
    expect(report.result._meta?.['chatwoot-mcp/coerced']).toEqual(['since: "2026-03-01" → 1772323200']);
    expect(sent()).toEqual([
      'GET /api/v2/accounts/1/reports/summary?type=account&since=1772323200&until=1772928000',
    ]);
    await call('toggle_conversation_status', {
      account_id: 1,
      conversation_id: 4,
      status: 'snoozed',
      snoozed_until: '2026-03-02T09:30:00+01:00',
    });
    expect(JSON.parse(upstream.requests[1]?.body ?? '')).toEqual({
      status: 'snoozed',
      snoozed_until: 1772440200,
    });
  });
});

describe('response budgets', () => {
  const big = (count: number) => ({
    meta: { count, current_page: 1 },
    payload: Array.from({ length: count }, (_, index) => ({
      id: index + 1,
      content: `message ${index + 1} ${'x'.repeat(400)}`,
    })),
  });

  it('cuts a 2 MB reply under the budget at a clean JSON boundary, keeping pagination metadata whole', async () => {
    const body = JSON.stringify(big(5000));
    expect(body.length).toBeGreaterThan(2_000_000);
    upstream.respondWith((_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(body),
    );
    const { call } = await connectInMemory(upstream.url, { maxResultTokens: 4000, results: 'full' });
    const { result } = await call('list_contacts', { account_id: 1, page: 1 });
    const [data, marker] = result.content.map((part) => (part.type === 'text' ? part.text : ''));
    expect(data?.length).toBeLessThanOrEqual(4000 * CHARS_PER_TOKEN);
    const parsed = JSON.parse(data ?? '');
    expect(parsed.meta).toEqual({ count: 5000, current_page: 1 });
    expect(parsed.payload[0].id).toBe(1);
    expect(marker).toMatch(
      /^\[truncated\] \d+ of 5000 items of "payload" left out to stay within 4000 tokens\. .*page: 2/,
    );
    expect(result._meta?.['chatwoot-mcp/truncated']).toBeTruthy();
  });

  it('keeps the newest messages and says how to page back with before', async () => {
    const body = JSON.stringify(big(300));
    upstream.respondWith((_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(body),
    );
    const { call } = await connectInMemory(upstream.url, { maxResultTokens: 2000 });
    const { result } = await call('list_messages', { account_id: 1, conversation_id: 3 });
    const parsed = JSON.parse((result.content[0] as { text: string }).text);
    expect(parsed.messages.at(-1)).toMatchObject({
      id: 300,
      content: expect.stringContaining('message 300'),
    });
    const oldest = parsed.messages[0].id;
    expect(oldest).toBeGreaterThan(1);
    expect((result.content[1] as { text: string }).text).toContain(`before: ${oldest}`);
  });

  it('leaves a reply within budget untouched', async () => {
    const { result } = await (await connectInMemory(upstream.url, {})).call('get_label', {
      account_id: 1,
      label_id: 1,
    });
    expect(result.content).toHaveLength(1);
    expect(result._meta).toBeUndefined();
  });
});

describe('the tool list size guard', () => {
  it('fails when the full listing grows more than 5% beyond the manifest (regenerate it with npm run manifest)', async () => {
    const { client } = await connectInMemory(upstream.url, { platformToken: 'p-token-000000' });
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(manifest.toolCount);
    expect(encode(JSON.stringify({ tools })).length).toBeLessThanOrEqual(manifest.listTokens * 1.05);
  });
});

describe('every tool that is off is refused, directly and through call_tool', () => {
  it.each([
    [
      'read-only',
      { readOnly: true },
      (tool: (typeof manifest.tools)[number]) => tool.annotations.readOnlyHint !== true,
      'read-only mode is on',
    ],
    [
      'toolsets labels,teams',
      { toolsets: ['labels', 'teams'] },
      (tool: (typeof manifest.tools)[number]) => !['labels', 'teams'].includes(tool.toolset),
      'is not enabled',
    ],
  ] satisfies [string, Partial<Config>, (tool: (typeof manifest.tools)[number]) => boolean, string][])(
    '%s',
    async (_name, settings, isOff, reason) => {
      const off = manifest.tools.filter(isOff);
      expect(off.length).toBeGreaterThan(20);
      const direct = await connectInMemory(upstream.url, { platformToken: 'p-token-000000', ...settings });
      const dynamic = await connectInMemory(upstream.url, {
        platformToken: 'p-token-000000',
        toolMode: 'dynamic',
        ...settings,
      });
      for (const tool of off) {
        for (const { result, text } of [
          await direct.call(tool.name, {}),
          await dynamic.call('call_tool', { name: tool.name, arguments: {} }),
        ]) {
          expect(result.isError, tool.name).toBe(true);
          expect(text, tool.name).toContain(reason);
        }
      }
      expect(upstream.requests).toHaveLength(0);
    },
  );
});
