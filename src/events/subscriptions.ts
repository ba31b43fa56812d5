import type { ChatEvent, EventLog } from './types.js';

const MAX_SUBSCRIPTIONS = 1000;
const SUBSCRIBABLE = /^chatwoot:\/\/(conversations|contacts)\/[1-9]\d{0,15}$/;

/** The resources an event changes: its conversation's transcript, its contact's profile. */
export function urisOf(event: ChatEvent): string[] {
  const uris: string[] = [];
  if (event.conversation_id !== undefined) uris.push(`chatwoot://conversations/${event.conversation_id}`);
  if (event.contact_id !== undefined && event.type.startsWith('contact_'))
    uris.push(`chatwoot://contacts/${event.contact_id}`);
  return uris;
}

export class SubscriptionError extends Error {}

/**
 * The resources one MCP session subscribed to. It listens to the log only while it has any, and tells the session
 * (notifications/resources/updated) when an event touches one of them.
 */
export function resourceSubscriptions(
  log: EventLog,
  notify: (uri: string) => Promise<void>,
  accountId: number | undefined,
) {
  const uris = new Set<string>();
  let stopListening: (() => void) | undefined;
  const onEvent = (event: ChatEvent) => {
    if (accountId !== undefined && event.account_id !== undefined && event.account_id !== accountId) return;
    for (const uri of urisOf(event)) if (uris.has(uri)) notify(uri).catch(() => {});
  };
  return {
    add(uri: string): void {
      if (!SUBSCRIBABLE.test(uri))
        throw new SubscriptionError(
          `Cannot subscribe to ${JSON.stringify(uri)}: subscribe to chatwoot://conversations/{conversation_id} or chatwoot://contacts/{contact_id}.`,
        );
      if (!uris.has(uri) && uris.size >= MAX_SUBSCRIPTIONS)
        throw new SubscriptionError(`At most ${MAX_SUBSCRIPTIONS} subscriptions per session.`);
      uris.add(uri);
      stopListening ??= log.onEvent(onEvent);
    },
    remove(uri: string): void {
      uris.delete(uri);
      if (uris.size === 0) this.close();
    },
    close(): void {
      uris.clear();
      stopListening?.();
      stopListening = undefined;
    },
  };
}

export type ResourceSubscriptions = ReturnType<typeof resourceSubscriptions>;
