import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_TOKENS, type Sandbox, startSandbox } from '../src/sandbox/index.js';
import { Router } from '../src/sandbox/router.js';
import { createSandboxServer } from '../src/sandbox/server.js';
import { seededStore } from '../src/sandbox/store/seed.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
});

// biome-ignore lint/suspicious/noExplicitAny: assertions read replies of many shapes
type Json = any;

async function call(
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; raw?: string; form?: FormData } = {},
): Promise<{ status: number; body: Json }> {
  const token = options.token === undefined ? SANDBOX_TOKENS.user : options.token;
  const headers: Record<string, string> = {};
  if (token) headers.api_access_token = token;
  let body: string | FormData | undefined = options.form ?? options.raw;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  } else if (options.raw !== undefined) {
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${sandbox.url}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const account = (path: string) => `/api/v1/accounts/1${path}`;

describe('sandbox seed and info', () => {
  it('names seeded objects that exist', async () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { info } = sandbox;
    expect(info.accountId).toBe(1);
    const inbox = await call('GET', `/public/api/v1/inboxes/${info.inboxIdentifier}`, { token: null });
    expect(inbox.status).toBe(200);
    expect(inbox.body.identifier).toBe(info.inboxIdentifier);
    const contact = await call(
      'GET',
      `/public/api/v1/inboxes/${info.inboxIdentifier}/contacts/${info.contactIdentifier}`,
      { token: null },
    );
    expect(contact.body).toMatchObject({ source_id: info.contactIdentifier, name: 'Jane Cooper' });
    const conversation = await call('GET', account(`/conversations/${info.conversationId}`));
    expect(conversation.body).toMatchObject({ id: info.conversationId, inbox_id: 1, account_id: 1 });
  });

  it('returns Chatwoot envelopes for lists', async () => {
    const conversations = await call('GET', account('/conversations?status=all'));
    expect(conversations.body.data.meta).toEqual({
      mine_count: 1,
      unassigned_count: 1,
      assigned_count: 2,
      all_count: 3,
    });
    expect(conversations.body.data.payload).toHaveLength(3);
    expect(typeof conversations.body.data.payload[0].created_at).toBe('number');
    const open = await call('GET', account('/conversations'));
    expect(open.body.data.payload.map((item: Json) => item.status)).toEqual(['open']);
    expect((await call('GET', account('/labels'))).body.payload.map((label: Json) => label.title)).toEqual([
      'vip',
      'billing',
      'bug',
    ]);
    expect((await call('GET', account('/agents'))).body).toHaveLength(3);
    expect((await call('GET', account('/inboxes'))).body.payload).toHaveLength(2);
    const contacts = await call('GET', account('/contacts'));
    expect(contacts.body.meta).toEqual({ count: 4, current_page: 1 });
  });
});

describe('authentication', () => {
  it('refuses missing and wrong tokens on the application API', async () => {
    const signIn = { error: 'You need to sign in or sign up before continuing.' };
    expect(await call('GET', account('/contacts'), { token: null })).toEqual({ status: 401, body: signIn });
    expect(await call('GET', account('/contacts'), { token: 'nope' })).toEqual({
      status: 401,
      body: { error: 'Invalid Access Token' },
    });
    expect((await call('GET', account('/contacts'), { token: SANDBOX_TOKENS.platform })).status).toBe(401);
    expect((await call('GET', account('/contacts'))).status).toBe(200);
  });

  it('lets agent bots use only the bot endpoints', async () => {
    const bot = SANDBOX_TOKENS.agentBot;
    const refused = await call('GET', account('/contacts'), { token: bot });
    expect(refused).toEqual({
      status: 401,
      body: { error: 'Access to this endpoint is not authorized for bots' },
    });
    expect((await call('GET', account('/conversations/2'), { token: bot })).status).toBe(401);
    expect((await call('GET', account('/conversations/2/labels'), { token: bot })).status).toBe(401);
    const sent = await call('POST', account('/conversations/2/messages'), {
      token: bot,
      body: { content: 'Bot here' },
    });
    expect(sent.status).toBe(200);
    expect(sent.body.sender).toMatchObject({ type: 'agent_bot', name: 'Triage Bot' });
    const toggled = await call('POST', account('/conversations/2/toggle_priority'), {
      token: bot,
      body: { priority: 'urgent' },
    });
    expect(toggled.status).toBe(200);
  });

  it('accepts only the platform token on the platform API', async () => {
    expect((await call('GET', '/platform/api/v1/accounts/1', { token: null })).status).toBe(401);
    expect((await call('GET', '/platform/api/v1/accounts/1', { token: SANDBOX_TOKENS.user })).status).toBe(
      401,
    );
    const ok = await call('GET', '/platform/api/v1/accounts/1', { token: SANDBOX_TOKENS.platform });
    expect(ok.body).toMatchObject({ id: 1, name: 'Acme Support' });
    const hidden = await call('GET', '/platform/api/v1/users/1', { token: SANDBOX_TOKENS.platform });
    expect(hidden).toEqual({ status: 401, body: { error: 'Non permissible resource' } });
  });

  it('needs no token on the client API but knows its inboxes and contacts', async () => {
    const { inboxIdentifier } = sandbox.info;
    expect((await call('GET', '/public/api/v1/inboxes/unknown', { token: null })).status).toBe(404);
    const contact = await call('GET', `/public/api/v1/inboxes/${inboxIdentifier}/contacts/unknown`, {
      token: null,
    });
    expect(contact).toEqual({ status: 404, body: { error: 'Resource could not be found' } });
  });
});

describe('contacts', () => {
  it('creates a contact that search then finds', async () => {
    const created = await call('POST', account('/contacts'), {
      body: { name: 'Lena Fischer', email: 'lena@example.de', phone_number: '+4930123456', inbox_id: 1 },
    });
    expect(created.status).toBe(200);
    const { contact, contact_inbox } = created.body.payload;
    expect(contact).toMatchObject({ name: 'Lena Fischer', email: 'lena@example.de' });
    expect(Number.isInteger(contact.id)).toBe(true);
    expect(contact_inbox.inbox.id).toBe(1);
    expect(typeof contact_inbox.source_id).toBe('string');

    const search = await call('GET', account('/contacts/search?q=fischer'));
    expect(search.body.meta).toEqual({ count: 1, current_page: 1 });
    expect(search.body.payload[0].id).toBe(contact.id);
    const byPhone = await call('GET', account('/contacts/search?q=%2B4930123'));
    expect(byPhone.body.payload.map((item: Json) => item.id)).toEqual([contact.id]);
  });

  it('refuses a second contact with the same email', async () => {
    const duplicate = await call('POST', account('/contacts'), {
      body: { name: 'Copy', email: 'JANE.COOPER@example.com' },
    });
    expect(duplicate).toEqual({
      status: 422,
      body: { message: 'Email has already been taken', attributes: ['email'] },
    });
  });
});

describe('messages', () => {
  it('pages 250 messages with before and after like Chatwoot', async () => {
    const conversation = await call('POST', account('/conversations'), {
      body: { contact_id: 2, inbox_id: 1 },
    });
    expect(conversation.status).toBe(200);
    const path = account(`/conversations/${conversation.body.id}/messages`);
    const ids: number[] = [];
    for (let i = 0; i < 250; i++) {
      const sent = await call('POST', path, {
        body: { content: `message ${i}`, message_type: i % 2 ? 'incoming' : 'outgoing' },
      });
      ids.push(sent.body.id);
    }
    const latest = (await call('GET', path)).body.payload.map((item: Json) => item.id);
    expect(latest).toEqual(ids.slice(-20));
    const older = (await call('GET', `${path}?before=${ids[230]}`)).body.payload.map((item: Json) => item.id);
    expect(older).toEqual(ids.slice(210, 230));
    const first = (await call('GET', `${path}?before=${ids[5]}`)).body.payload.map((item: Json) => item.id);
    expect(first).toEqual(ids.slice(0, 5));
    const newer = (await call('GET', `${path}?after=${ids[10]}`)).body.payload.map((item: Json) => item.id);
    expect(newer).toEqual(ids.slice(11, 111));
    const tail = (await call('GET', `${path}?after=${ids[240]}`)).body.payload.map((item: Json) => item.id);
    expect(tail).toEqual(ids.slice(241));
    const between = (await call('GET', `${path}?after=${ids[100]}&before=${ids[110]}`)).body.payload;
    expect(between.map((item: Json) => item.id)).toEqual(ids.slice(100, 110));
  });

  it('stores multipart attachments with their size', async () => {
    const bytes = new Uint8Array(1234).map((_, index) => index % 251);
    const form = new FormData();
    form.append('content', 'Here is the receipt');
    form.append('private', 'true');
    form.append('attachments[]', new Blob([bytes], { type: 'application/pdf' }), 'receipt.pdf');
    const sent = await call('POST', account('/conversations/1/messages'), { form });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ content: 'Here is the receipt', private: true });
    const [attachment] = sent.body.attachments;
    expect(attachment).toMatchObject({
      file_size: 1234,
      file_name: 'receipt.pdf',
      content_type: 'application/pdf',
      file_type: 'file',
    });
    expect(attachment.data_url.startsWith(sandbox.url)).toBe(true);
    const download = await fetch(attachment.data_url);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
  });
});

describe('client API', () => {
  it('creates a contact, a conversation and a message with echo_id', async () => {
    const inbox = `/public/api/v1/inboxes/${sandbox.info.inboxIdentifier}`;
    const contact = await call('POST', `${inbox}/contacts`, { token: null, body: { name: 'Widget Walt' } });
    expect(contact.status).toBe(200);
    expect(contact.body).toMatchObject({ name: 'Widget Walt' });
    expect(typeof contact.body.pubsub_token).toBe('string');
    const base = `${inbox}/contacts/${contact.body.source_id}/conversations`;
    const conversation = await call('POST', base, { token: null, body: {} });
    expect(conversation.body).toMatchObject({ status: 'open', messages: [] });
    const path = `${base}/${conversation.body.id}/messages`;
    const message = await call('POST', path, {
      token: null,
      body: { content: 'Hello from the widget', echo_id: 'echo-42' },
    });
    expect(message.body).toMatchObject({
      content: 'Hello from the widget',
      echo_id: 'echo-42',
      message_type: 0,
    });
    const listed = await call('GET', path, { token: null });
    expect(listed.body.map((item: Json) => item.echo_id)).toEqual(['echo-42']);
    const agentSide = await call('GET', account(`/conversations/${conversation.body.id}/messages`));
    expect(agentSide.body.payload.at(-1)).toMatchObject({
      content: 'Hello from the widget',
      echo_id: 'echo-42',
    });
    const other = await call('GET', `${inbox}/contacts/${contact.body.source_id}/conversations/1`, {
      token: null,
    });
    expect(other.status).toBe(404);
  });
});

describe('errors', () => {
  it('answers 404, 422 and 501 like Chatwoot', async () => {
    expect(await call('GET', account('/conversations/9999'))).toEqual({
      status: 404,
      body: { error: 'Resource could not be found' },
    });
    const empty = await call('POST', account('/conversations/1/messages'), { body: { content: '' } });
    expect(empty.status).toBe(422);
    expect(empty.body.attributes).toEqual(['content']);
    const missing = await call('GET', account('/campaigns'));
    expect(missing).toEqual({
      status: 501,
      body: { error: 'The sandbox does not implement GET /api/v1/accounts/1/campaigns' },
    });
  });

  it('answers 400 to malformed JSON and keeps serving', async () => {
    const bad = await call('POST', account('/contacts'), { raw: '{"name": "broken",' });
    expect(bad.status).toBe(400);
    expect(typeof bad.body.error).toBe('string');
    const profile = await call('GET', '/api/v1/profile');
    expect(profile.body).toMatchObject({ email: 'alice@acme.example', access_token: SANDBOX_TOKENS.user });
  });
});

describe('conversation actions', () => {
  it('toggles status and sets labels', async () => {
    const toggled = await call('POST', account('/conversations/3/toggle_status'), { body: {} });
    expect(toggled.body).toEqual({
      meta: {},
      payload: { success: true, current_status: 'open', conversation_id: 3 },
    });
    const snoozed = await call('POST', account('/conversations/3/toggle_status'), {
      body: { status: 'pending' },
    });
    expect(snoozed.body.payload.current_status).toBe('pending');
    const labels = await call('POST', account('/conversations/3/labels'), {
      body: { labels: ['bug', 'vip'] },
    });
    expect(labels.body).toEqual({ payload: ['bug', 'vip'] });
    const filtered = await call('GET', account('/conversations?status=all&labels[]=vip'));
    expect(filtered.body.data.payload.map((item: Json) => item.id).sort()).toEqual([1, 3]);
  });
});

describe('handler failures', () => {
  it('turns an exception into a 500 JSON answer and keeps serving', async () => {
    const router = new Router();
    router.add('GET', '/boom', () => {
      throw new Error('kaboom');
    });
    router.add('GET', '/fine', () => ({ status: 200, body: { fine: true } }));
    const server = createSandboxServer(router, seededStore(), () => '');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const boom = await fetch(`${base}/boom`);
      expect(boom.status).toBe(500);
      expect((await boom.json()).error).toContain('kaboom');
      expect(await (await fetch(`${base}/fine`)).json()).toEqual({ fine: true });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('reports', () => {
  const report = (query: string) =>
    call('GET', `/api/v2/accounts/1/reports?metric=incoming_messages_count&type=account&${query}`);

  it('groups a timeseries by week in the asked time zone, counting the same messages as by day', async () => {
    const until = Math.floor(Date.now() / 1000);
    const since = until - 30 * 86400;
    const days = await report(`since=${since}&until=${until}`);
    const weeks = await report(`since=${since}&until=${until}&group_by=week&timezone_offset=5.5`);
    const total = (points: Json[]) => points.reduce((sum, point) => sum + point.value, 0);
    expect(total(days.body)).toBeGreaterThan(0);
    expect(total(weeks.body)).toBe(total(days.body));
    for (const point of weeks.body) {
      const local = new Date((point.timestamp + 5.5 * 3600) * 1000);
      expect([local.getUTCDay(), local.getUTCHours(), local.getUTCMinutes()]).toEqual([0, 0, 0]);
    }
  });

  it('counts nothing without a range, as Chatwoot filters on a null one', async () => {
    const summary = await call('GET', '/api/v2/accounts/1/reports/summary?type=account');
    expect(summary.status).toBe(200);
    expect(summary.body.conversations_count).toBe(0);
  });
});

describe('what an agent who is not an administrator sees', () => {
  const agent = { token: SANDBOX_TOKENS.agent };

  it('lists only the inboxes they belong to, and the conversations of those inboxes', async () => {
    const inboxes = await call('GET', account('/inboxes'), agent);
    expect(inboxes.body.payload.map((inbox: Json) => inbox.name)).toEqual(['Acme API']);
    const conversations = await call('GET', account('/conversations?status=all'), agent);
    const everyone = await call('GET', account('/conversations?status=all'));
    const inboxIds = (reply: Json) => new Set(reply.body.data.payload.map((item: Json) => item.inbox_id));
    expect(inboxIds(everyone)).toEqual(new Set([1, 2]));
    expect(inboxIds(conversations)).toEqual(new Set([1]));
  });

  it('takes a conversation they reopen, as toggle_status assigns it to an agent', async () => {
    const reopened = await call('POST', account('/conversations/2/toggle_status'), {
      ...agent,
      body: { status: 'open' },
    });
    expect(reopened.status).toBe(200);
    expect((await call('GET', account('/conversations/2'))).body.meta.assignee).toMatchObject({ id: 2 });
  });
});

describe('email recipients', () => {
  it('keeps cc and bcc of a message in an email inbox, as MessageBuilder does', async () => {
    const sent = await call('POST', account('/conversations/3/messages'), {
      body: {
        content: 'Looping in finance',
        cc_emails: 'a@example.com, b@example.com',
        bcc_emails: 'c@example.com',
      },
    });
    expect(sent.body.content_attributes).toMatchObject({
      cc_emails: ['a@example.com', 'b@example.com'],
      bcc_emails: ['c@example.com'],
      to_emails: [],
    });
  });
});

describe('platform accounts', () => {
  it('switch features one by one and replace custom attributes whole, as the platform controller does', async () => {
    const platform = { token: SANDBOX_TOKENS.platform };
    const created = await call('POST', '/platform/api/v1/accounts', {
      ...platform,
      body: { name: 'Beta', features: { help_center: true }, custom_attributes: { plan: 'pro', seats: 5 } },
    });
    const path = `/platform/api/v1/accounts/${created.body.id}`;
    const updated = await call('PATCH', path, {
      ...platform,
      body: { features: { help_center: false, channel_email: true }, custom_attributes: { plan: 'team' } },
    });
    expect(updated.body.custom_attributes).toEqual({ plan: 'team' });
    expect(updated.body.features ?? updated.body.enabled_features).toMatchObject({
      help_center: false,
      channel_email: true,
    });
  });
});
