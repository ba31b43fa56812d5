import type { Views } from '../catalog/types.js';
import { applyView, isoTime } from '../results/view.js';
import { type Json as Dict, record as dict, text } from '../support/shapes.js';
import type { EventMessage, NewEvent } from './types.js';

const int = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value > 0
    ? value
    : typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value)
      ? Number(value)
      : undefined;

const MAX_CONTENT = 2000;

/** When it happened, as ISO 8601 (Chatwoot sends Unix seconds or date strings); now when it says nothing. */
const timeOf = (value: unknown): string => isoTime(value) ?? new Date().toISOString();

/**
 * A message as Chatwoot's webhooks send it (message_type by name) or as its REST API returns it (by number),
 * through the `message` view that tool results use; a very long content is cut.
 */
function compactMessage(raw: Dict, views: Views): EventMessage {
  const content =
    typeof raw.content === 'string' && raw.content.length > MAX_CONTENT
      ? `${raw.content.slice(0, MAX_CONTENT)}…`
      : raw.content;
  const view = applyView({ view: 'message' }, { ...raw, content }, views);
  return { id: 0, ...dict(view) } as EventMessage;
}

function changesOf(value: unknown): Record<string, [unknown, unknown]> | undefined {
  if (!Array.isArray(value)) return undefined;
  const changed: Record<string, [unknown, unknown]> = {};
  for (const item of value) {
    for (const [name, change] of Object.entries(dict(item))) {
      const { previous_value, current_value } = dict(change);
      changed[name] = [previous_value ?? null, current_value ?? null];
    }
  }
  return Object.keys(changed).length > 0 ? changed : undefined;
}

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;

/**
 * A Chatwoot webhook body (account webhook, agent bot or API inbox: the same payloads) as an event. The key makes
 * a second delivery of the same fact (two webhooks pointing here, a poller beside them) a no-op.
 */
export function eventFromWebhook(payload: Dict, views: Views): NewEvent | undefined {
  const type = text(payload.event);
  if (!type || !/^[a-z_]{1,64}$/.test(type)) return undefined;
  if (type.startsWith('message_')) {
    const conversation = dict(payload.conversation);
    const message = compactMessage(payload, views);
    const account = int(dict(payload.account).id) ?? int(payload.account_id);
    return defined({
      type,
      at: timeOf(payload.created_at),
      account_id: account,
      inbox_id: int(dict(payload.inbox).id) ?? int(conversation.inbox_id) ?? int(payload.inbox_id),
      conversation_id: int(conversation.id) ?? int(payload.conversation_id),
      status: text(conversation.status),
      message,
      key:
        type === 'message_created' && message.id > 0 ? `${account ?? '?'}:message:${message.id}` : undefined,
    });
  }
  if (type.startsWith('conversation_')) {
    const conversation = type.startsWith('conversation_typing') ? dict(payload.conversation) : payload;
    const last = dict(Array.isArray(conversation.messages) ? conversation.messages[0] : undefined);
    const account = int(last.account_id) ?? int(conversation.account_id);
    const id = int(conversation.id);
    const status = text(conversation.status);
    const changed = changesOf(payload.changed_attributes);
    return defined({
      type,
      at: timeOf(conversation.updated_at ?? conversation.timestamp),
      account_id: account,
      inbox_id: int(conversation.inbox_id),
      conversation_id: id,
      contact_id: int(dict(dict(conversation.meta).sender).id),
      status,
      changed,
      key:
        type === 'conversation_created'
          ? `${account ?? '?'}:conversation:${id}:created`
          : type === 'conversation_status_changed'
            ? `${account ?? '?'}:conversation:${id}:${status}:${String(conversation.updated_at)}`
            : undefined,
    });
  }
  return defined({
    type,
    at: timeOf(payload.updated_at ?? payload.created_at),
    account_id: int(dict(payload.account).id),
    contact_id: type.startsWith('contact_') ? int(payload.id) : undefined,
  });
}
