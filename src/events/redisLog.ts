import { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { Retention } from './memoryLog.js';
import { type ChatEvent, CursorError, type EventLog, type NewEvent, type ReadResult } from './types.js';
import { Waiters } from './waiters.js';

const STREAM = 'chatwoot-mcp:events';
const CLAIM = 'chatwoot-mcp:claim:';
const BLOCK_MS = 5000;

type Entry = [id: string, fields: string[]];

/** Stream ids `ms-seq`, compared as numbers. */
export function compareIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map(BigInt);
  const [bMs = 0n, bSeq = 0n] = b.split('-').map(BigInt);
  return aMs === bMs ? Number(aSeq - bSeq) : aMs < bMs ? -1 : 1;
}

/**
 * The log shared by every replica: one Redis stream trimmed to the keep count and time, and claims as keys that
 * expire. Each process tails the stream on a connection of its own (XREAD BLOCK) and wakes its own waiters, so a
 * thousand waiting agents cost one blocked connection, not a thousand.
 */
export async function redisLog(url: string, retention: Retention, log: Logger): Promise<EventLog> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  client.on('error', (error: Error) => log.warn(`redis: ${error.message}`));
  await client.connect();
  const tail = client.duplicate();
  tail.on('error', (error: Error) => log.warn(`redis (tail): ${error.message}`));
  await tail.connect();

  const send = <T>([command, ...args]: string[]) => client.call(command ?? 'PING', ...args) as Promise<T>;
  const waiters = new Waiters();
  const listeners = new Set<(event: ChatEvent) => void>();
  const toEvent = ([id, fields]: Entry): ChatEvent => ({
    id,
    ...(JSON.parse(fields[fields.indexOf('e') + 1] ?? '{}') as Omit<ChatEvent, 'id'>),
  });
  const checked = (cursor: string): string => {
    if (!/^\d{1,20}-\d{1,20}$/.test(cursor))
      throw new CursorError(`"${cursor}" is not a cursor this server gave`);
    return cursor;
  };

  const newest = await send<Entry[]>(['XREVRANGE', STREAM, '+', '-', 'COUNT', '1']);
  let head = newest[0]?.[0] ?? '0-0';
  let stopped = false;
  const tailing = (async () => {
    while (!stopped) {
      try {
        const reply = (await tail.call(
          'XREAD',
          'BLOCK',
          String(BLOCK_MS),
          'COUNT',
          '500',
          'STREAMS',
          STREAM,
          head,
        )) as [string, Entry[]] | [string, Entry[]][] | null;
        // One stream asked for: the client gives [stream, entries], or RESP's [[stream, entries]].
        const entries =
          typeof reply?.[0] === 'string' ? (reply[1] as Entry[]) : (reply?.[0] as [string, Entry[]])?.[1];
        for (const entry of entries ?? []) {
          head = entry[0];
          const event = toEvent(entry);
          for (const listener of listeners) listener(event);
        }
        if (reply) waiters.wake();
      } catch (error) {
        if (stopped) return;
        log.warn(`redis: reading events failed (${(error as Error).message}); retrying`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  })();

  const claim = async (key: string, ttlSeconds: number) =>
    (await send<string | null>(['SET', `${CLAIM}${key}`, '1', 'NX', 'EX', String(ttlSeconds)])) === 'OK';

  return {
    append: async ({ key, ...fields }: NewEvent) => {
      if (key !== undefined && !(await claim(`event:${key}`, retention.seconds))) return false;
      const cutoff = String(Date.now() - retention.seconds * 1000);
      await Promise.all([
        send(['XADD', STREAM, 'MAXLEN', '~', String(retention.count), '*', 'e', JSON.stringify(fields)]),
        send(['XTRIM', STREAM, 'MINID', '~', cutoff]),
      ]);
      return true;
    },
    claim,
    read: async (cursor, limit): Promise<ReadResult> => {
      const start = cursor === undefined ? '-' : `(${checked(cursor)}`;
      const [entries, first] = await Promise.all([
        send<Entry[]>(['XRANGE', STREAM, start, '+', 'COUNT', String(limit)]),
        cursor === undefined ? undefined : firstKeptId(),
      ]);
      return {
        events: entries.map(toEvent),
        missed: cursor !== undefined && first !== undefined && compareIds(first, cursor) > 0,
        position: entries.at(-1)?.[0] ?? cursor ?? (await lastGeneratedId()),
      };
    },
    waitAfter: (cursor, ms, signal) => {
      if (stopped) return Promise.resolve(false);
      if (cursor === undefined ? head !== '0-0' : compareIds(head, checked(cursor)) > 0)
        return Promise.resolve(true);
      return waiters.wait(ms, signal);
    },
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      stopped = true;
      waiters.close();
      tail.disconnect();
      await tailing;
      await client.quit();
    },
  };

  /** Where an empty stream stands: the next event comes after it, everything before it is gone. */
  async function lastGeneratedId(): Promise<string> {
    try {
      const info = await send<unknown[]>(['XINFO', 'STREAM', STREAM]);
      const value = info[info.indexOf('last-generated-id') + 1];
      return typeof value === 'string' ? value : '0-0';
    } catch {
      return '0-0'; // no stream yet
    }
  }

  /** The oldest id kept: a cursor older than it may have missed what was trimmed. */
  async function firstKeptId(): Promise<string | undefined> {
    const [entry] = await send<Entry[]>(['XRANGE', STREAM, '-', '+', 'COUNT', '1']);
    return entry?.[0];
  }
}
