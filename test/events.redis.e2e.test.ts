import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_TOKENS, type Sandbox, startSandbox } from '../src/sandbox/index.js';
import { canary } from './helpers/canary.js';
import {
  customerWrites,
  httpClient,
  messageCreated,
  postWebhook,
  WEBHOOK_PATH,
  waitForEvents,
} from './helpers/events.js';
import { type HttpProcess, startHttpProcess } from './helpers/httpProcess.js';
import { hasRedis, type RedisServer, startRedis } from './helpers/redis.js';

const SECRET = canary('webhook-secret-redis');

describe.skipIf(!hasRedis)('two replicas sharing events through Redis', () => {
  let redis: RedisServer;
  let sandbox: Sandbox;
  let receiving: HttpProcess;
  let stateless: HttpProcess;
  let onReceiving: Client;
  let onStateless: Client;

  beforeAll(async () => {
    redis = await startRedis();
    sandbox = await startSandbox();
    const env = {
      CHATWOOT_BASE_URL: sandbox.url,
      CHATWOOT_API_TOKEN: SANDBOX_TOKENS.user,
      CHATWOOT_ACCOUNT_ID: '1',
      CHATWOOT_WEBHOOK_SECRET: SECRET,
      MCP_REDIS_URL: redis.url,
    };
    [receiving, stateless] = await Promise.all([
      startHttpProcess(env),
      startHttpProcess(env, ['--stateless']),
    ]);
    sandbox.addWebhook(`${receiving.url}${WEBHOOK_PATH}`, SECRET);
    [onReceiving, onStateless] = await Promise.all([httpClient(receiving.url), httpClient(stateless.url)]);
  });
  afterAll(async () => {
    await onReceiving?.close();
    await onStateless?.close();
    await Promise.all([receiving?.stop(), stateless?.stop()]);
    await sandbox?.close();
    await redis?.stop();
  });

  it('wakes a waiter on one replica with a webhook into the other, and its cursor goes on anywhere', async () => {
    const { cursor } = await waitForEvents(onStateless, { timeout_seconds: 0 });
    const waiting = waitForEvents(onStateless, { cursor, incoming_only: true, timeout_seconds: 20 });
    await customerWrites(sandbox.url, sandbox.info, 'Hello from replica A');
    const answer = await waiting;
    expect(answer.events.map((event) => event.message?.content)).toEqual(['Hello from replica A']);

    await customerWrites(sandbox.url, sandbox.info, 'second');
    await customerWrites(sandbox.url, sandbox.info, 'third');
    const onOther = await waitForEvents(onReceiving, {
      cursor: answer.cursor,
      incoming_only: true,
      limit: 2,
      timeout_seconds: 20,
    });
    // Two webhooks may land apart: whatever came first is read, the rest after the cursor.
    const rest =
      onOther.events.length === 2
        ? []
        : (
            await waitForEvents(onStateless, {
              cursor: onOther.cursor,
              incoming_only: true,
              timeout_seconds: 20,
            })
          ).events;
    expect([...onOther.events, ...rest].map((event) => event.message?.content)).toEqual(['second', 'third']);
  });

  it('refuses on one replica a delivery the other already took', async () => {
    const delivery = '0c1f8a52-0000-4000-8000-00000000beef';
    const payload = messageCreated(777_001, 'once');
    expect((await postWebhook(receiving.url, SECRET, payload, { delivery })).status).toBe(200);
    expect((await postWebhook(stateless.url, SECRET, payload, { delivery })).status).toBe(409);
  });

  it('notifies a subscriber on one replica of an event the other received', async () => {
    const uri = 'chatwoot://conversations/31337';
    const updates: string[] = [];
    onReceiving.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
      updates.push(notification.params.uri);
    });
    await onReceiving.subscribeResource({ uri });
    expect(
      (await postWebhook(stateless.url, SECRET, messageCreated(777_002, 'elsewhere', 31337))).status,
    ).toBe(200);
    await expect.poll(() => updates, { timeout: 5000 }).toEqual([uri]);
    // A stateless server has no session to notify: it does not offer subscriptions.
    expect(onStateless.getServerCapabilities()?.resources?.subscribe).toBeUndefined();
  });
});
