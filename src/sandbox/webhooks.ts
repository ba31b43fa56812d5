import { randomUUID } from 'node:crypto';
import { sign } from '../events/signature.js';
import { isoTime, now } from './clock.js';
import type { Env } from './context.js';
import type { Dict } from './params.js';
import type { Store, StoreChange } from './store/store.js';
import type { Message } from './store/types.js';
import { conversationView } from './views/conversation.js';

const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'];

/** A message as Chatwoot's Message#webhook_data shapes it: names for enums, the conversation nested. */
function messageWebhook(env: Env, message: Message, conversation: Dict): Dict {
  const { store } = env;
  const account = store.account(message.account_id);
  const inbox = store.inbox(message.account_id, message.inbox_id);
  const { sender } = message;
  const contact =
    sender?.type === 'contact' ? store.contacts.find((item) => item.id === sender.id) : undefined;
  const user = sender?.type === 'user' ? store.users.find((item) => item.id === sender.id) : undefined;
  const bot = sender?.type === 'agent_bot' ? store.bot(sender.id) : undefined;
  return {
    account: { id: account.id, name: account.name },
    additional_attributes: message.additional_attributes,
    content_attributes: message.content_attributes,
    content_type: message.content_type,
    content: message.content,
    conversation,
    created_at: isoTime(message.created_at),
    id: message.id,
    inbox: { id: inbox.id, name: inbox.name },
    message_type: MESSAGE_TYPES[message.message_type] ?? 'incoming',
    private: message.private,
    sender: contact
      ? {
          account: { id: account.id, name: account.name },
          id: contact.id,
          name: contact.name,
          email: contact.email,
        }
      : user
        ? { id: user.id, name: user.name, email: user.email, type: 'user' }
        : bot
          ? { id: bot.id, name: bot.name, type: 'agent_bot' }
          : null,
    source_id: message.source_id,
  };
}

function payloadOf(env: Env, change: StoreChange): Dict | undefined {
  const conversation = conversationView(env, change.conversation);
  if (change.event === 'message_created') {
    if (change.message.message_type === 2) return undefined; // Chatwoot sends no activity lines
    return { event: change.event, ...messageWebhook(env, change.message, conversation) };
  }
  if (change.event === 'conversation_status_changed') {
    const changed = [
      { status: { previous_value: change.previous, current_value: change.conversation.status } },
    ];
    return { event: change.event, ...conversation, changed_attributes: changed };
  }
  return { event: change.event, ...conversation };
}

/**
 * The sandbox speaks like Chatwoot: each change goes to the account's webhooks that subscribe to its event, signed
 * with the webhook's secret, one delivery at a time per URL so that they arrive in order.
 */
export function sendWebhooks(store: Store, baseUrl: () => string): void {
  const queues = new Map<string, Promise<void>>();
  store.watch((change) => {
    const hooks = store
      .table('webhooks')
      .filter(
        (row) =>
          row.account_id === change.conversation.account_id &&
          Array.isArray(row.subscriptions) &&
          row.subscriptions.includes(change.event),
      );
    if (hooks.length === 0) return;
    const payload = payloadOf({ store, baseUrl: baseUrl() }, change);
    if (!payload) return;
    const body = JSON.stringify(payload);
    for (const hook of hooks) {
      const url = String(hook.url);
      const secret = typeof hook.secret === 'string' ? hook.secret : '';
      const previous = queues.get(url) ?? Promise.resolve();
      const next = previous.then(() => deliver(url, secret, body));
      queues.set(url, next);
      void next.finally(() => queues.get(url) === next && queues.delete(url));
    }
  });
}

async function deliver(url: string, secret: string, body: string): Promise<void> {
  const timestamp = String(now());
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    'x-chatwoot-delivery': randomUUID(),
  };
  if (secret) {
    headers['x-chatwoot-timestamp'] = timestamp;
    headers['x-chatwoot-signature'] = sign(secret, timestamp, body);
  }
  try {
    const answer = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(5000) });
    await answer.arrayBuffer();
  } catch {
    // As Chatwoot does: a webhook that fails is dropped, the change stands.
  }
}
