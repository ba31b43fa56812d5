/** One thing that happened in Chatwoot, in the compact shape every source produces and every delivery shows. */
export interface ChatEvent {
  /** Position in the log: pass it back as the cursor to get what came after. */
  id: string;
  /** Chatwoot's event name: message_created, conversation_status_changed, … */
  type: string;
  /** When it happened (ISO 8601). */
  at: string;
  account_id?: number;
  inbox_id?: number;
  /** The conversation's display id, the one every tool takes. */
  conversation_id?: number;
  contact_id?: number;
  /** The conversation's status after the event. */
  status?: string;
  /** Attributes a conversation_updated or conversation_status_changed changed: [before, after]. */
  changed?: Record<string, [unknown, unknown]>;
  message?: EventMessage;
}

/**
 * A message in the compact shape of openapi.json's `message` view (the one tool results use): id, time, kind
 * (incoming, outgoing, note, activity, template), from (the sender), content, attachments.
 */
export interface EventMessage {
  id: number;
  kind?: string;
  content?: string;
  [field: string]: unknown;
}

/** An event before the log gives it a position; `key` names it so that a second copy is dropped. */
export type NewEvent = Omit<ChatEvent, 'id'> & { key?: string };

export interface ReadResult {
  events: ChatEvent[];
  /** Events after the cursor were dropped (kept too long or too many) before this read. */
  missed: boolean;
  /** Where the next read starts: the last event returned, or where the log stood when none was. */
  position: string;
}

/**
 * Where events are kept for a bounded time and count, in positions that only grow: in this process, or in Redis
 * so that every replica reads the same log.
 */
export interface EventLog {
  /** Adds the event unless one with its key was added within the keep time; says whether it was added. */
  append(event: NewEvent): Promise<boolean>;
  /** True the first time a key is claimed within ttl seconds (webhook deliveries, so a replay is refused). */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  /** Up to `limit` events after the cursor, oldest first; no cursor: from the oldest kept. */
  read(cursor: string | undefined, limit: number): Promise<ReadResult>;
  /**
   * Resolves once an event after the cursor may be there, after `ms`, or when the signal aborts; false once the
   * log is closing (the server stops), so that waiting agents get their answer now.
   */
  waitAfter(cursor: string | undefined, ms: number, signal?: AbortSignal): Promise<boolean>;
  /** Calls the listener with each event as this process learns of it (from any replica). */
  onEvent(listener: (event: ChatEvent) => void): () => void;
  close(): Promise<void>;
}

/** A cursor this log did not give out (or that is malformed). */
export class CursorError extends Error {}
