// The support routes beyond Chatwoot's published document, called as a client does (MCP tools) against the
// sandbox: search, bulk actions, macros, contact notes, participants, mute, attachments, articles, notifications.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_TOKENS, type Sandbox, startSandbox } from '../src/sandbox/index.js';
import { connectInMemory } from './helpers/inMemory.js';

// biome-ignore lint/suspicious/noExplicitAny: assertions read replies of many shapes
type Json = any;

let sandbox: Sandbox;
let tools: Awaited<ReturnType<typeof connectInMemory>>;
beforeEach(async () => {
  sandbox = await startSandbox();
  tools = await connectInMemory(sandbox.url, { apiToken: SANDBOX_TOKENS.user, accountId: 1 });
});
afterEach(async () => {
  await tools.client.close();
  await sandbox.close();
});

/** A tool's result as Chatwoot's whole JSON (full: true), not the compact view a model reads by default. */
async function call(name: string, args: Record<string, unknown> = {}): Promise<Json> {
  const { result, text } = await tools.call(name, { ...args, full: true });
  expect(result.isError, `${name}: ${text}`).toBeFalsy();
  return result.structuredContent ?? JSON.parse(text);
}

/** The tool's path argument for a portal, whatever openapi.json names it (the portal's slug). */
async function portalArgument(name: string): Promise<string> {
  const { tools: listed } = await tools.client.listTools();
  const schema = listed.find((tool) => tool.name === name)?.inputSchema as {
    properties: Record<string, Json>;
  };
  const [argument] = Object.entries(schema.properties).find(
    ([key, property]) => key === 'portal_slug' || /portal slug/i.test(String(property.description)),
  ) ?? [''];
  return argument;
}

describe('search', () => {
  it('finds messages, articles and conversations by their words, 15 per kind', async () => {
    const everything = await call('search_everything', { q: 'refund' });
    expect(Object.keys(everything.payload).sort()).toEqual([
      'articles',
      'contacts',
      'conversations',
      'messages',
    ]);
    expect(everything.payload.messages.length).toBeGreaterThan(0);
    for (const message of everything.payload.messages) {
      expect(message.content.toLowerCase()).toContain('refund');
      expect(message.conversation_id).toBe(1);
    }
    expect(everything.payload.articles.map((article: Json) => article.title)).toContain('How refunds work');
    expect(everything.payload.articles[0].portal_slug).toBe('acme-help');

    const conversations = await call('search_conversations', { q: 'jane.cooper' });
    expect(conversations.payload.conversations.map((item: Json) => item.id)).toEqual([1]);
    expect(conversations.payload.conversations[0].contact.name).toBe('Jane Cooper');
    const contacts = await call('search_contacts_everywhere', { q: '+9198' });
    expect(contacts.payload.contacts.map((item: Json) => item.name)).toEqual(['Ravi Patel']);
    const nothing = await call('search_messages', { q: 'no such words anywhere' });
    expect(nothing.payload.messages).toEqual([]);
  });

  it('finds conversations by message text whatever their status', async () => {
    const found = await call('search_conversation_messages', { q: 'export' });
    expect(found.payload.map((item: Json) => [item.id, item.status])).toEqual([[3, 'resolved']]);
  });
});

describe('bulk actions', () => {
  it('resolves and relabels conversations, and deletes contacts', async () => {
    expect(
      await call('bulk_update', {
        type: 'Conversation',
        ids: [1, 2],
        fields: { status: 'resolved', assignee_id: 3 },
        labels: { add: ['vip'], remove: ['bug'] },
      }),
    ).toEqual({ ok: true });
    const [one, two] = [
      await call('get_conversation', { conversation_id: 1 }),
      await call('get_conversation', { conversation_id: 2 }),
    ];
    expect([one.status, two.status]).toEqual(['resolved', 'resolved']);
    expect([one.meta.assignee.id, two.meta.assignee.id]).toEqual([3, 3]);
    expect(two.labels).toEqual(['vip']);

    await call('bulk_update', { type: 'Contact', ids: [4], action_name: 'delete' });
    const { text } = await tools.call('get_contact', { contact_id: 4 });
    expect(text).toContain('404');
  });
});

describe('macros', () => {
  it('lists the team macro and runs its steps on a conversation', async () => {
    const { payload } = await call('list_macros');
    const macro = payload.find((item: Json) => item.name === 'Refund issued');
    expect(macro.actions.map((action: Json) => action.action_name)).toEqual([
      'add_label',
      'send_message',
      'resolve_conversation',
    ]);
    await call('execute_macro', { macro_id: macro.id, conversation_ids: [2] });
    const conversation = await call('get_conversation', { conversation_id: 2 });
    expect(conversation.labels).toContain('billing');
    expect(conversation.status).toBe('resolved');
    const messages = await call('list_messages', { conversation_id: 2 });
    expect(messages.payload.at(-1).content).toBe('Your refund is on its way: 5–7 business days.');
  });

  it('refuses an action Chatwoot does not know, naming it', async () => {
    const { result, text } = await tools.call('create_macro', {
      full: true,
      name: 'Odd',
      actions: [{ action_name: 'send_message', action_params: ['hi'] }],
    });
    expect(result.isError, text).toBeFalsy();
    const made = JSON.parse(text) as Json;
    expect(made.payload.visibility).toBe('personal');
    const refused = await fetch(`${sandbox.url}/api/v1/accounts/1/macros`, {
      method: 'POST',
      headers: { api_access_token: SANDBOX_TOKENS.user, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Odd', actions: [{ action_name: 'launch_rocket' }] }),
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('launch_rocket not supported');
  });
});

describe('contact notes', () => {
  it('adds, edits and deletes notes, newest first', async () => {
    const seeded = await call('list_contact_notes', { contact_id: 1 });
    expect(seeded.map((note: Json) => note.content)).toEqual([
      'Prefers email over phone. Annual plan, renews in June.',
    ]);
    const note = await call('create_contact_note', {
      contact_id: 1,
      content: 'Asked for a call back.',
    });
    expect(note.user.id).toBe(1);
    const listed = await call('list_contact_notes', { contact_id: 1 });
    expect(listed.map((item: Json) => item.id)[0]).toBe(note.id);
    await call('update_contact_note', { contact_id: 1, note_id: note.id, content: 'Called back.' });
    expect((await call('get_contact_note', { contact_id: 1, note_id: note.id })).content).toBe(
      'Called back.',
    );
    await call('delete_contact_note', { contact_id: 1, note_id: note.id });
    expect(await call('list_contact_notes', { contact_id: 1 })).toHaveLength(1);
    const { text } = await tools.call('create_contact_note', { contact_id: 1, content: '   ' });
    expect(text).toContain("Content can't be blank");
  });
});

describe('conversation participants, mute and attachments', () => {
  it('adds, replaces and removes participants', async () => {
    const ids = async () =>
      (await call('list_conversation_participants', { conversation_id: 1 })).map((a: Json) => a.id);
    expect(await ids()).toEqual([]);
    await call('add_conversation_participants', { conversation_id: 1, user_ids: [2, 3] });
    expect(await ids()).toEqual([2, 3]);
    await call('set_conversation_participants', { conversation_id: 1, user_ids: [3, 1] });
    expect((await ids()).sort()).toEqual([1, 3]);
    await call('remove_conversation_participants', { conversation_id: 1, user_ids: [3] });
    expect(await ids()).toEqual([1]);
  });

  it("mutes: resolved, and the contact's new message does not reopen it until unmuted", async () => {
    await call('mute_conversation', { conversation_id: 1 });
    const muted = await call('get_conversation', { conversation_id: 1 });
    expect([muted.status, muted.muted]).toEqual(['resolved', true]);
    await call('create_message', { conversation_id: 1, content: 'hello again', message_type: 'incoming' });
    expect((await call('get_conversation', { conversation_id: 1 })).status).toBe('resolved');
    await call('unmute_conversation', { conversation_id: 1 });
    await call('create_message', { conversation_id: 1, content: 'still there?', message_type: 'incoming' });
    const reopened = await call('get_conversation', { conversation_id: 1 });
    expect([reopened.status, reopened.muted]).toEqual(['open', false]);
  });

  it('lists the files of a conversation with their sender', async () => {
    const pdf = Buffer.from('%PDF-1.4 invoice');
    await call('create_message', {
      conversation_id: 1,
      content: 'invoice attached',
      attachments: [{ data: pdf.toString('base64'), filename: 'invoice.pdf' }],
    });
    const { meta, payload } = await call('list_conversation_attachments', { conversation_id: 1 });
    expect(meta.total_count).toBe(1);
    expect(payload[0]).toMatchObject({
      file_size: pdf.length,
      extension: 'pdf',
      sender: { id: 1, type: 'user' },
    });
    expect(payload[0].data_url).toContain('invoice.pdf');
  });
});

describe('help-center articles', () => {
  it('lists a portal by slug with filters and counts, and reads one article', async () => {
    const portal = await portalArgument('list_portal_articles');
    const published = await call('list_portal_articles', { [portal]: 'acme-help', status: 'published' });
    expect(published.payload.map((item: Json) => item.title)).toEqual([
      'How refunds work',
      'Export your data',
    ]);
    expect(published.meta).toMatchObject({ articles_count: 3, published_count: 2, draft_articles_count: 1 });
    const billing = await call('list_portal_articles', {
      [portal]: 'acme-help',
      category_slug: 'billing',
    });
    expect(billing.payload.map((item: Json) => item.category.slug)).toEqual(['billing', 'billing']);
    const article = await call('get_portal_article', {
      [await portalArgument('get_portal_article')]: 'acme-help',
      article_id: published.payload[0].id,
    });
    expect(article.payload.content).toContain('5–7 business days');
    expect(article.payload.author.id).toBe(1);
    const { text } = await tools.call('list_portal_articles', { [portal]: '1' });
    expect(text).toContain('404');
  });
});

describe('notifications', () => {
  it('counts, reads, snoozes and clears the signed-in agent’s notifications', async () => {
    const first = await call('list_notifications');
    expect(first.data.meta).toMatchObject({ unread_count: 2, count: 2 });
    expect(first.data.payload[0].primary_actor.id).toBe(2);
    expect(await call('count_unread_notifications')).toBe(2);
    await call('mark_notification_read', { notification_id: first.data.payload[0].id });
    expect(await call('count_unread_notifications')).toBe(1);
    await call('snooze_notification', { notification_id: 1, snoozed_until: '2099-01-01T00:00:00Z' });
    expect((await call('list_notifications')).data.payload).toEqual([]);
    const all = await call('list_notifications', { includes: ['read', 'snoozed'] });
    expect(all.data.meta.count).toBe(3);
    await call('mark_all_notifications_read');
    await call('delete_all_notifications', { type: 'read' });
    expect((await call('list_notifications', { includes: ['read', 'snoozed'] })).data.meta.count).toBe(0);
  });
});

describe('routes the sandbox does not model', () => {
  it('answers with a clear error instead of a made-up result', async () => {
    const { result, text } = await tools.call('translate_message', {
      conversation_id: 1,
      message_id: 1,
      target_language: 'de',
    });
    expect(result.isError).toBe(true);
    expect(text).toContain('does not implement');
  });
});
