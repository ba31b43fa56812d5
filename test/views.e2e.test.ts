// Every reading tool's compact view against the sandbox's own objects, and every write's returned state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load.js';
import { packageFile } from '../src/paths.js';
import { SANDBOX_TOKENS, type Sandbox, startSandbox } from '../src/sandbox/index.js';
import { SEED } from '../src/sandbox/store/seed.js';
import { connectInMemory } from './helpers/inMemory.js';

type Connected = Awaited<ReturnType<typeof connectInMemory>>;
type Json = Record<string, unknown>;

const operations = loadCatalog(packageFile('openapi.json'));
let sandbox: Sandbox;
let compact: Connected;
let full: Connected;
beforeAll(async () => {
  sandbox = await startSandbox();
  const credentials = { apiToken: SANDBOX_TOKENS.user, platformToken: SANDBOX_TOKENS.platform, accountId: 1 };
  compact = await connectInMemory(sandbox.url, credentials);
  full = await connectInMemory(sandbox.url, { ...credentials, results: 'full' });
});
afterAll(() => sandbox.close());

/** Arguments the seeded sandbox answers, by parameter name. */
const seeded = (): Json => ({
  conversation_id: 1,
  contact_id: 1,
  id: 1,
  inbox_id: 1,
  team_id: 1,
  user_id: 1,
  since: '1795000000',
  until: '1797000000',
  metric: 'conversations_count',
  type: 'account',
  q: 'jane',
  attribute_model: '0',
  group_by: 'agent',
  inbox_identifier: SEED.inboxIdentifier,
  contact_identifier: SEED.contactIdentifier,
});

function argsFor(name: string): Json | undefined {
  const operation = operations.find((candidate) => candidate.id === name);
  const values = seeded();
  const args: Json = {};
  for (const parameter of operation?.parameters ?? []) {
    if (!parameter.required || parameter.name === 'account_id') continue;
    if (!(parameter.name in values)) return undefined;
    args[parameter.name] = values[parameter.name];
  }
  return args;
}

const readers = operations.filter((operation) => operation.method === 'GET' && operation.result.view);

/** Objects of four or more fields (a contact, an agent — not a three-field sender), repeated inside one value. */
function repeatedObjects(value: unknown): string[] {
  const seen = new Map<string, number>();
  const visit = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    if (!Array.isArray(node) && Object.keys(node).length >= 4) {
      const key = JSON.stringify(node);
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    for (const child of Object.values(node)) visit(child);
  };
  visit(value);
  return [...seen].filter(([, count]) => count > 1).map(([key]) => key);
}

/** Each item of the value's lists, or the value itself: the units that must not repeat an object inside. */
const units = (value: unknown): unknown[] => {
  if (Array.isArray(value)) return value;
  const lists = Object.values(value as Json).filter(Array.isArray) as unknown[][];
  return lists.length > 0 ? lists.flat() : [value];
};

const ids = (value: unknown): unknown[] => {
  const found: unknown[] = [];
  const visit = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    if (!Array.isArray(node) && 'id' in node) found.push((node as Json).id);
    for (const child of Object.values(node)) visit(child);
  };
  visit(value);
  return found;
};

describe('compact views of the sandbox objects', () => {
  const callable = readers.filter((operation) => argsFor(operation.id) !== undefined);

  it('cover most reading tools (the rest need ids the seed does not have)', () => {
    expect(callable.length).toBeGreaterThan(readers.length * 0.7);
  });

  it.each(callable.map((operation) => operation.id))(
    '%s: smaller than Chatwoot JSON, no object repeated inside one item, every id kept',
    async (name) => {
      const args = argsFor(name) as Json;
      const small = await compact.call(name, args);
      const whole = await full.call(name, args);
      // What the seed lacks (no automation rule 1; platform objects of another app) fails alike in both.
      if (whole.result.isError) return expect(small.text).toBe(whole.text);
      expect(small.result.isError, small.text).toBeFalsy();
      // ISO 8601 times are longer than Unix seconds: a bare time series may grow a little, nothing else.
      expect(small.text.length).toBeLessThanOrEqual(
        whole.text.length * (name === 'get_metric_report' ? 1.25 : 1),
      );
      const value = JSON.parse(small.text) as unknown;
      for (const unit of units(value)) expect(repeatedObjects(unit)).toEqual([]);
      // Every top-level object of Chatwoot's reply is still there, by id.
      const raw = JSON.parse(whole.text) as unknown;
      const rawItems = Array.isArray(raw)
        ? raw
        : ((((raw as Json).payload ?? ((raw as Json).data as Json | undefined)?.payload) as unknown[]) ?? []);
      const kept = ids(value);
      for (const item of Array.isArray(rawItems) ? rawItems : []) {
        const id = (item as Json | null)?.id;
        if (id !== undefined) expect(kept).toContain(id);
      }
    },
  );

  it('give the ids that descriptions send the model to fetch ("From list_x"), where they say', async () => {
    const pointers = new Map<string, Set<string>>();
    for (const operation of operations) {
      const schemas = [
        ...operation.parameters.map((parameter) => [parameter.name, parameter.schema] as const),
        ...Object.entries((operation.body?.schema.properties ?? {}) as Record<string, Json>),
      ];
      for (const [argument, schema] of schemas) {
        if (!/(^id|_id|_ids|_identifier)$/.test(argument)) continue;
        const source = /\bfrom (\w+)/i.exec(String(schema.description ?? ''))?.[1];
        if (!source || !readers.some((reader) => reader.id === source)) continue;
        if (!pointers.has(source)) pointers.set(source, new Set());
        pointers.get(source)?.add(argument);
      }
    }
    expect(pointers.size).toBeGreaterThan(5);
    for (const [source, argumentNames] of pointers) {
      const args = argsFor(source);
      if (!args) continue;
      const { text } = await compact.call(source, args);
      if (ids(JSON.parse(text)).length === 0) continue; // nothing seeded to point at
      for (const argument of argumentNames) {
        const key = argument.endsWith('_identifier') ? `"${argument}"` : '"id"';
        expect(text.includes(`"${argument}"`) || text.includes(key), `${source} gives ${argument}`).toBe(
          true,
        );
      }
    }
  });
});

describe('full results', () => {
  it("are Chatwoot's JSON unchanged, by setting or with full: true on one call", async () => {
    const direct = (await (
      await fetch(`${sandbox.url}/api/v1/accounts/1/conversations/1/messages`, {
        headers: { api_access_token: SANDBOX_TOKENS.user },
      })
    ).json()) as unknown;
    const bySetting = await full.call('list_messages', { conversation_id: 1 });
    expect(JSON.parse(bySetting.text)).toEqual(direct);
    const byCall = await compact.call('list_messages', { conversation_id: 1, full: true });
    expect(JSON.parse(byCall.text)).toEqual(direct);
  });
});

describe('writes say what they did', () => {
  const state = async (name: string, args: Json) => {
    const { result, text } = await compact.call(name, args);
    expect(result.isError, text).toBeFalsy();
    return JSON.parse(text) as Json;
  };

  it('a status change returns the status and snoozed-until', async () => {
    const until = Math.floor(Date.parse('2031-01-02T03:04:05Z') / 1000);
    const now = await state('toggle_conversation_status', {
      conversation_id: 2,
      status: 'snoozed',
      snoozed_until: until,
    });
    expect(now.conversation).toMatchObject({
      id: 2,
      status: 'snoozed',
      snoozed_until: '2031-01-02T03:04:05Z',
    });
  });

  it('an assignment returns the assignee and the team', async () => {
    const now = await state('assign_conversation', { conversation_id: 2, assignee_id: 3 });
    expect(now.conversation).toMatchObject({ id: 2, assignee: { id: 3, name: 'Carol Tech' } });
    const team = await state('assign_conversation', { conversation_id: 2, team_id: 1 });
    expect(team.conversation).toMatchObject({ assignee: { id: 3 }, team: { id: 1, name: 'Billing' } });
  });

  it('priority returns the priority, labels the labels now on the conversation', async () => {
    expect(
      (await state('toggle_conversation_priority', { conversation_id: 2, priority: 'urgent' })).conversation,
    ).toMatchObject({ priority: 'urgent' });
    expect(await state('add_conversation_labels', { conversation_id: 2, labels: ['bug', 'vip'] })).toEqual({
      labels: ['bug', 'vip'],
    });
  });

  it('a message returns itself as a model reads it; a delete says what was deleted', async () => {
    const note = await state('create_message', {
      conversation_id: 2,
      content: 'Checked the logs.',
      private: true,
    });
    expect(note).toMatchObject({ kind: 'note', content: 'Checked the logs.', from: { type: 'user' } });
    expect(note.status).toBeUndefined();
    const created = await state('create_label', { title: 'temporary' });
    const deleted = await state('delete_label', { label_id: created.id });
    expect(deleted).toEqual({ done: { what: expect.any(String), label_id: created.id } });
  });
});

describe('draft mode', () => {
  it('says the reply was saved as a draft, not delivered, and marks it so in Chatwoot', async () => {
    const drafts = await connectInMemory(sandbox.url, {
      apiToken: SANDBOX_TOKENS.user,
      accountId: 1,
      draftReplies: true,
    });
    expect(drafts.client.getInstructions()).toMatch(/Draft-only mode is on/);
    const { result, text } = await drafts.call('create_message', {
      conversation_id: 3,
      content: 'Happy to help!',
    });
    expect(result.isError, text).toBeFalsy();
    const reply = JSON.parse(text) as Json;
    expect(reply.draft).toMatch(/draft .*NOT received/);
    expect(reply).toMatchObject({ kind: 'note' });
    expect(reply.content).toMatch(/^\[Draft reply, not sent to the customer\]\nHappy to help!$/);
    expect(text).not.toMatch(/"status":"sent"/);
  });
});

describe('prompts and resources have the same budget as results', () => {
  it('a contact whose customer-set attribute is 1 MB: the resource and the prompt stay within budget and say how to read the rest', async () => {
    const small = await connectInMemory(sandbox.url, {
      apiToken: SANDBOX_TOKENS.user,
      accountId: 1,
      maxResultTokens: 2000,
    });
    const huge = 'A'.repeat(1_000_000);
    const updated = await small.call('update_contact', { contact_id: 2, custom_attributes: { notes: huge } });
    expect(updated.result.isError, updated.text.slice(0, 200)).toBeFalsy();

    const resource = await small.client.readResource({ uri: 'chatwoot://contacts/2' });
    const text = String((resource.contents[0] as { text: string }).text);
    expect(text.length).toBeLessThan(2000 * 3 + 400);
    expect(text).toMatch(
      /\[truncated\] The text was cut after 6000 characters .* get_contact with full: true/,
    );

    const conversation = await small.call('create_conversation', { inbox_id: 1, contact_id: 2 });
    const conversationId = (JSON.parse(conversation.text) as Json).id;
    const prompt = await small.client.getPrompt({
      name: 'draft_reply',
      arguments: { conversation_id: String(conversationId) },
    });
    const promptText = prompt.messages
      .map((message) => (message.content.type === 'text' ? message.content.text : ''))
      .join('');
    expect(promptText.length).toBeLessThan(2000 * 3 + 400);
    expect(promptText).toContain('[truncated]');
  });
});
