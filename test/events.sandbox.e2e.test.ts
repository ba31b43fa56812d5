import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, waitForEvents } from './helpers/events.js';
import { type HttpProcess, startHttpProcess } from './helpers/httpProcess.js';

async function call(client: Client, name: string, args: Record<string, unknown>) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  if (result.isError) throw new Error(`${name}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

describe('the whole loop offline: --sandbox sends signed webhooks to its own server', () => {
  let server: HttpProcess;
  let agent: Client;
  let customer: Client;

  beforeAll(async () => {
    server = await startHttpProcess({ LOG_LEVEL: 'info' }, ['--sandbox', '--events', 'webhook']);
    [agent, customer] = await Promise.all([httpClient(server.url), httpClient(server.url)]);
  });
  afterAll(async () => {
    await agent?.close();
    await customer?.close();
    await server?.stop();
  });

  it('a customer writes, the waiting agent wakes, reads, replies, and the customer sees the reply', async () => {
    expect(server.stderr()).toMatch(/Chatwoot webhook URL http:\/\/127\.0\.0\.1:\d+\/webhooks\/chatwoot/);
    const inboxes = await call(agent, 'list_inboxes', {});
    const inbox = (inboxes.inboxes as { channel: string; inbox_identifier?: string }[]).find(
      (item) => item.channel === 'Channel::Api',
    );
    const inbox_identifier = String(inbox?.inbox_identifier);
    const contact = await call(customer, 'client_create_contact', { inbox_identifier, name: 'Ines Loop' });
    const contact_identifier = String(contact.source_id);
    const conversation = await call(customer, 'client_create_conversation', {
      inbox_identifier,
      contact_identifier,
    });
    const conversation_id = Number(conversation.id);

    const start = await waitForEvents(agent, { types: ['conversation_created'], timeout_seconds: 10 });
    expect(start.events.map((event) => event.conversation_id)).toContain(conversation_id);
    const waiting = waitForEvents(agent, { cursor: start.cursor, incoming_only: true, timeout_seconds: 20 });
    await call(customer, 'client_create_message', {
      inbox_identifier,
      contact_identifier,
      conversation_id,
      content: 'Hola, ¿dónde está mi pedido?',
    });
    const woke = await waiting;
    expect(woke.events).toEqual([
      expect.objectContaining({
        conversation_id,
        message: expect.objectContaining({ kind: 'incoming', content: 'Hola, ¿dónde está mi pedido?' }),
      }),
    ]);

    const history = await call(agent, 'list_messages', { conversation_id });
    expect(JSON.stringify(history)).toContain('¿dónde está mi pedido?');
    await call(agent, 'create_message', { conversation_id, content: 'Tu pedido sale hoy.' });

    const own = await waitForEvents(agent, {
      cursor: woke.cursor,
      conversation_id,
      types: ['message_created'],
      timeout_seconds: 20,
    });
    expect(own.events[0]?.message).toMatchObject({
      kind: 'outgoing',
      content: 'Tu pedido sale hoy.',
      from: { type: 'user' },
    });
    const seen = await call(customer, 'client_list_messages', {
      inbox_identifier,
      contact_identifier,
      conversation_id,
    });
    expect(JSON.stringify(seen)).toContain('Tu pedido sale hoy.');
  });
});
