import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLog, type Retention } from '../src/events/memoryLog.js';
import { redisLog } from '../src/events/redisLog.js';
import type { EventLog, NewEvent } from '../src/events/types.js';
import { waitForEvents } from '../src/events/wait.js';
import { createLogger } from '../src/log.js';
import { hasRedis, type RedisServer, startRedis } from './helpers/redis.js';

const message = (id: number, kind: 'incoming' | 'outgoing' = 'incoming', conversation = 1): NewEvent => ({
  type: 'message_created',
  at: new Date().toISOString(),
  account_id: 1,
  conversation_id: conversation,
  message: { id, kind, content: `message ${id}` },
  key: `1:message:${id}`,
});
const never = new AbortController().signal;
const ids = (events: { message?: { id: number } }[]) => events.map((event) => event.message?.id);

/** The same promises for every log: the memory one, and Redis when it is installed. */
function contract(name: string, open: (retention: Retention) => Promise<EventLog>) {
  describe(`${name} event log`, () => {
    const logs: EventLog[] = [];
    const fresh = async (retention: Retention = { count: 1000, seconds: 3600 }) => {
      const log = await open(retention);
      logs.push(log);
      return log;
    };
    afterAll(async () => {
      for (const log of logs) await log.close();
    });

    it('hands out every event once, in order, across calls with the cursor', async () => {
      const log = await fresh();
      for (let id = 1; id <= 23; id++) await log.append(message(id, id % 4 === 0 ? 'outgoing' : 'incoming'));
      const seen: (number | undefined)[] = [];
      let cursor: string | undefined;
      for (let call = 0; call < 10; call++) {
        const answer = await waitForEvents(log, { cursor, limit: 4, timeout_seconds: 0 }, never);
        seen.push(...ids(answer.events));
        cursor = answer.cursor;
        if (answer.events.length === 0) break;
      }
      expect(seen).toEqual(Array.from({ length: 23 }, (_, index) => index + 1));
      // Filtered: the cursor moves past what the filter skips, so nothing comes back later.
      const incoming = await waitForEvents(
        log,
        { incoming_only: true, limit: 100, timeout_seconds: 0 },
        never,
      );
      expect(ids(incoming.events)).toEqual(seen.filter((id) => (id ?? 0) % 4 !== 0));
      const after = await waitForEvents(log, { cursor: incoming.cursor, timeout_seconds: 0 }, never);
      expect(after.events).toEqual([]);
    });

    it('drops a second copy of the same event, and claims a delivery once', async () => {
      const log = await fresh();
      expect(await log.append(message(7))).toBe(true);
      expect(await log.append(message(7))).toBe(false);
      expect(await log.claim('delivery:abc', 60)).toBe(true);
      expect(await log.claim('delivery:abc', 60)).toBe(false);
      const answer = await waitForEvents(log, { timeout_seconds: 0 }, never);
      expect(ids(answer.events)).toEqual([7]);
    });

    it('wakes a waiter on the next event it wants, and times out empty-handed', async () => {
      const log = await fresh();
      const { cursor } = await waitForEvents(log, { timeout_seconds: 0 }, never);
      const waiting = waitForEvents(
        log,
        { cursor, incoming_only: true, conversation_id: 2, timeout_seconds: 10 },
        never,
      );
      await log.append(message(1, 'incoming', 1));
      await log.append(message(2, 'outgoing', 2));
      await log.append(message(3, 'incoming', 2));
      const answer = await waiting;
      expect(ids(answer.events)).toEqual([3]);
      const started = Date.now();
      const empty = await waitForEvents(log, { cursor: answer.cursor, timeout_seconds: 1 }, never);
      expect(empty.events).toEqual([]);
      expect(empty.cursor).toBe(answer.cursor);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    });

    it('says so when events after the cursor were dropped', async () => {
      const log = await fresh({ count: 5, seconds: 3600 });
      await log.append(message(1));
      const { cursor } = await waitForEvents(log, { timeout_seconds: 0 }, never);
      // Redis trims by whole nodes (MAXLEN ~): enough events that the first ones surely go.
      for (let id = 2; id <= 400; id++) await log.append(message(id));
      const answer = await waitForEvents(log, { cursor, limit: 100, timeout_seconds: 0 }, never);
      expect(answer.missed).toBe(true);
      expect(answer.events[0]?.message?.id).toBeGreaterThan(2);
    });

    it('tells listeners of each event as this process learns of it', async () => {
      const log = await fresh();
      const heard: (number | undefined)[] = [];
      const stop = log.onEvent((event) => heard.push(event.message?.id));
      await log.append(message(41));
      await log.append(message(42));
      await expect.poll(() => heard, { timeout: 5000 }).toEqual([41, 42]);
      stop();
      await log.append(message(43));
      await waitForEvents(log, { timeout_seconds: 0 }, never);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(heard).toEqual([41, 42]);
    });

    it('refuses a cursor it did not give', async () => {
      const log = await fresh();
      await expect(waitForEvents(log, { cursor: 'nonsense', timeout_seconds: 0 }, never)).rejects.toThrow(
        /not a cursor/,
      );
    });
  });
}

contract('memory', async (retention) => memoryLog(retention));

describe.skipIf(!hasRedis)('redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => redis?.stop());
  contract('redis', async (retention) => {
    const admin = new Redis(redis.url);
    await admin.flushall();
    await admin.quit();
    return redisLog(
      redis.url,
      retention,
      createLogger('error', (text) => text),
    );
  });
});

it('memory log: an event older than the keep time is gone', async () => {
  const log = memoryLog({ count: 100, seconds: 1 });
  await log.append(message(1));
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await log.append(message(2));
  const answer = await waitForEvents(log, { timeout_seconds: 0 }, never);
  expect(ids(answer.events)).toEqual([2]);
});
