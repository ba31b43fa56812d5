import type { Views } from '../catalog/types.js';
import type { Logger } from '../log.js';
import type { ToolCall } from '../support/call.js';
import { id, list, payloadOf, record } from '../support/shapes.js';
import { eventFromWebhook } from './normalize.js';
import type { EventLog } from './types.js';

interface Seen {
  status: unknown;
  lastActivity: number;
  lastMessageId: number;
}

/** Chatwoot's webhooks send these message types (Message#webhook_sendable?): not activity lines. */
const SENDABLE = new Set([0, 1, 3]);

/**
 * Where no webhook can arrive: every interval, the conversations by last activity (Chatwoot's default order),
 * then the new messages of those that moved, as the same events a webhook would bring. The first round only
 * learns where things stand. A status change is seen for conversations on the first page.
 */
export function startPoller(
  call: ToolCall,
  events: EventLog,
  views: Views,
  intervalSeconds: number,
  log: Logger,
) {
  const seen = new Map<number, Seen>();
  let baseline = true;
  let since = Math.floor(Date.now() / 1000);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const emit = (payload: Record<string, unknown>) => {
    const event = eventFromWebhook(payload, views);
    return event ? events.append(event) : Promise.resolve(false);
  };

  const round = async () => {
    const reply = await call('list_conversations', { status: 'all', assignee_type: 'all', page: 1 });
    const conversations = list(payloadOf(reply)).map(record);
    let newest = since;
    for (const conversation of conversations) {
      const displayId = id(conversation.id);
      if (displayId === undefined) continue;
      const lastActivity = id(conversation.last_activity_at) ?? 0;
      const lastMessageId = id(record(conversation.last_non_activity_message).id) ?? 0;
      newest = Math.max(newest, lastActivity);
      const before = seen.get(displayId);
      seen.set(displayId, { status: conversation.status, lastActivity, lastMessageId });
      if (baseline) continue;
      if (!before && (id(conversation.created_at) ?? 0) >= since)
        await emit({ ...conversation, event: 'conversation_created' });
      if (before && before.status !== conversation.status) {
        await emit({
          ...conversation,
          event: 'conversation_status_changed',
          changed_attributes: [
            { status: { previous_value: before.status, current_value: conversation.status } },
          ],
        });
      }
      const moved = before
        ? lastActivity > before.lastActivity || lastMessageId > before.lastMessageId
        : lastActivity >= since;
      if (!moved) continue;
      const messages = list(payloadOf(await call('list_messages', { conversation_id: displayId }))).map(
        record,
      );
      for (const message of messages) {
        const fresh = before
          ? (id(message.id) ?? 0) > before.lastMessageId
          : (id(message.created_at) ?? 0) >= since;
        if (!fresh || !SENDABLE.has(Number(message.message_type))) continue;
        await emit({
          ...message,
          event: 'message_created',
          conversation: { id: displayId, inbox_id: conversation.inbox_id, status: conversation.status },
        });
      }
    }
    since = newest;
    if (baseline) log.info(`events: polling from here on (${seen.size} conversations known)`);
    baseline = false;
  };

  const next = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      round()
        .catch((error: Error) => log.warn(`events: polling Chatwoot failed: ${error.message}`))
        .finally(next);
    }, intervalSeconds * 1000);
  };
  const first = round().catch((error: Error) =>
    log.warn(`events: polling Chatwoot failed: ${error.message}`),
  );
  void first.finally(next);

  return {
    /** Resolves when the first round (the baseline) is done. */
    ready: first,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
