import { randomBytes } from 'node:crypto';
import { type ChatEvent, CursorError, type EventLog, type NewEvent, type ReadResult } from './types.js';
import { Waiters } from './waiters.js';

export interface Retention {
  /** Events kept at most. */
  count: number;
  /** Seconds an event is kept at most. */
  seconds: number;
}

const MAX_CLAIMS = 100_000;

/**
 * The log of one process. Positions are `m.<epoch>.<n>`: the epoch changes with each start, so a cursor from a
 * process that is gone reads as "from the oldest kept", flagged as missed, never as a position in another log.
 */
export function memoryLog(retention: Retention): EventLog {
  const epoch = randomBytes(4).toString('hex');
  const kept: { seq: number; arrived: number; event: ChatEvent }[] = [];
  let lastSeq = 0;
  const claims = new Map<string, number>();
  const waiters = new Waiters();
  const listeners = new Set<(event: ChatEvent) => void>();

  const head = () => `m.${epoch}.${lastSeq}`;
  const trim = () => {
    const cutoff = Date.now() - retention.seconds * 1000;
    while (kept.length > retention.count || (kept[0] && kept[0].arrived < cutoff)) kept.shift();
  };
  /** The sequence number after which to read; undefined when the cursor names another epoch. */
  const seqOf = (cursor: string | undefined): number | undefined => {
    if (cursor === undefined) return 0;
    const match = /^m\.([0-9a-f]{8})\.(\d{1,15})$/.exec(cursor);
    if (!match) throw new CursorError(`"${cursor}" is not a cursor this server gave`);
    return match[1] === epoch ? Number(match[2]) : undefined;
  };
  const claim = (key: string, ttlSeconds: number): boolean => {
    const now = Date.now();
    const until = claims.get(key);
    if (until !== undefined && until > now) return false;
    claims.delete(key);
    claims.set(key, now + ttlSeconds * 1000);
    for (const [oldest, expires] of claims) {
      if (claims.size <= MAX_CLAIMS && expires > now) break;
      claims.delete(oldest);
    }
    return true;
  };

  return {
    append: async ({ key, ...fields }: NewEvent) => {
      if (key !== undefined && !claim(`event:${key}`, retention.seconds)) return false;
      lastSeq++;
      const event: ChatEvent = { id: `m.${epoch}.${lastSeq}`, ...fields };
      kept.push({ seq: lastSeq, arrived: Date.now(), event });
      trim();
      waiters.wake();
      for (const listener of listeners) listener(event);
      return true;
    },
    claim: async (key, ttlSeconds) => claim(key, ttlSeconds),
    read: async (cursor, limit): Promise<ReadResult> => {
      trim();
      const after = seqOf(cursor);
      const from = after ?? 0;
      const first = kept.findIndex((entry) => entry.seq > from);
      const events = first < 0 ? [] : kept.slice(first, first + limit).map((entry) => entry.event);
      const oldest = kept[0]?.seq ?? lastSeq + 1;
      const position = events.at(-1)?.id ?? (cursor === undefined || after === undefined ? head() : cursor);
      return { events, missed: cursor !== undefined && (after === undefined || from < oldest - 1), position };
    },
    waitAfter: (cursor, ms, signal) => {
      const after = seqOf(cursor);
      if (after === undefined || lastSeq > after) return Promise.resolve(true);
      return waiters.wait(ms, signal);
    },
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => waiters.close(),
  };
}
