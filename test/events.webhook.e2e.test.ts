import { execFile, spawnSync } from 'node:child_process';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_TOKENS, type Sandbox, startSandbox } from '../src/sandbox/index.js';
import { CANARY, canary } from './helpers/canary.js';
import {
  customerWrites,
  httpClient,
  messageCreated,
  postWebhook,
  WEBHOOK_PATH,
  waitForEvents,
} from './helpers/events.js';
import { type HttpProcess, startHttpProcess } from './helpers/httpProcess.js';
import { CLI } from './helpers/mcpClient.js';

const SECRET = canary('webhook-secret-a');
const SECOND_SECRET = canary('webhook-secret-b');
const auth = { Authorization: `Bearer ${CANARY.mcpAuthToken}` };

describe('events from signed Chatwoot webhooks', () => {
  let sandbox: Sandbox;
  let server: HttpProcess;
  let agent: Client;

  beforeAll(async () => {
    sandbox = await startSandbox();
    server = await startHttpProcess({
      CHATWOOT_BASE_URL: sandbox.url,
      CHATWOOT_API_TOKEN: SANDBOX_TOKENS.user,
      CHATWOOT_ACCOUNT_ID: '1',
      MCP_AUTH_TOKEN: CANARY.mcpAuthToken,
      CHATWOOT_WEBHOOK_SECRET: `${SECRET},${SECOND_SECRET}`,
      CHATWOOT_WEBHOOK_MAX_BYTES: '8192',
    });
    sandbox.addWebhook(`${server.url}${WEBHOOK_PATH}`, SECRET);
    agent = await httpClient(server.url, auth);
  });
  afterAll(async () => {
    await agent?.close();
    await server?.stop();
    await sandbox?.close();
  });

  it('lists the waiting tool and tells the agent how to use it', async () => {
    const { tools } = await agent.listTools();
    expect(tools.map((tool) => tool.name)).toContain('wait_for_events');
    expect(agent.getInstructions()).toContain('wait_for_events with incoming_only: true');
  });

  it("wakes a waiting agent when a customer writes (the sandbox's signed webhook, no bearer token)", async () => {
    const { cursor } = await waitForEvents(agent, { timeout_seconds: 0 });
    const waiting = waitForEvents(agent, { cursor, incoming_only: true, timeout_seconds: 20 });
    const sent = await customerWrites(sandbox.url, sandbox.info, 'Where is my parcel?');
    const answer = await waiting;
    expect(answer.events).toHaveLength(1);
    expect(answer.events[0]).toMatchObject({
      type: 'message_created',
      account_id: 1,
      conversation_id: sandbox.info.conversationId,
      message: {
        id: sent.id,
        kind: 'incoming',
        content: 'Where is my parcel?',
        from: { name: 'Jane Cooper' },
      },
    });
    expect(answer.cursor).toBe(answer.events[0]?.id);
  });

  it('accepts a valid signature by any configured secret, and refuses wrong, stale, replayed and oversized ones', async () => {
    const { cursor } = await waitForEvents(agent, { timeout_seconds: 0 });
    const statusOf = async (response: Promise<Response>) => (await response).status;

    expect(await statusOf(postWebhook(server.url, SECRET, messageCreated(9001, 'signed by a')))).toBe(200);
    expect(await statusOf(postWebhook(server.url, SECOND_SECRET, messageCreated(9002, 'signed by b')))).toBe(
      200,
    );
    expect(await statusOf(postWebhook(server.url, 'not-the-secret', messageCreated(9003, 'forged')))).toBe(
      401,
    );
    expect(
      await statusOf(postWebhook(server.url, SECRET, messageCreated(9004, 'unsigned'), { signature: null })),
    ).toBe(401);
    const stale = String(Math.floor(Date.now() / 1000) - 3600);
    expect(
      await statusOf(postWebhook(server.url, SECRET, messageCreated(9005, 'stale'), { timestamp: stale })),
    ).toBe(401);
    // A body changed after signing no longer matches its signature.
    const timestamp = String(Math.floor(Date.now() / 1000));
    const good = postWebhook(server.url, SECRET, messageCreated(9006, 'original'), { timestamp });
    expect(await statusOf(good)).toBe(200);
    const delivery = 'd5a1c1e0-0000-4000-8000-000000000001';
    expect(await statusOf(postWebhook(server.url, SECRET, messageCreated(9007, 'first'), { delivery }))).toBe(
      200,
    );
    const replay = await postWebhook(server.url, SECRET, messageCreated(9007, 'first'), { delivery });
    expect(replay.status).toBe(409);
    const huge = await postWebhook(server.url, SECRET, messageCreated(9008, 'x'.repeat(10_000)));
    expect(huge.status).toBe(413);

    const answer = await waitForEvents(agent, { cursor, timeout_seconds: 0, limit: 100 });
    expect(answer.events.map((event) => event.message?.content)).toEqual([
      'signed by a',
      'signed by b',
      'original',
      'first',
    ]);
    expect(server.stderr()).toContain('webhook refused (401)');
  });

  it('answers bad wait arguments and unknown cursors with a sentence', async () => {
    await expect(waitForEvents(agent, { timeout_seconds: 999 })).rejects.toThrow(
      /Invalid arguments for wait_for_events: timeout_seconds/,
    );
    await expect(waitForEvents(agent, { cursor: 'm.deadbeef.x' })).rejects.toThrow(
      /not a cursor this server gave.*pass the cursor of a previous wait_for_events answer/,
    );
    // A cursor of an earlier process (another epoch) reads from the oldest kept, flagged.
    const other = await waitForEvents(agent, { cursor: 'm.00000000.5', timeout_seconds: 0 });
    expect(other.missed).toBe(true);
  });

  it('doctor says whether a webhook of the account signs with a configured secret', async () => {
    const doctor = (secret: string) =>
      new Promise<string>((resolve) => {
        execFile(
          process.execPath,
          [CLI, 'doctor'],
          {
            env: {
              PATH: process.env.PATH ?? '',
              CHATWOOT_BASE_URL: sandbox.url,
              CHATWOOT_API_TOKEN: SANDBOX_TOKENS.user,
              CHATWOOT_ACCOUNT_ID: '1',
              MCP_TRANSPORT: 'http',
              CHATWOOT_WEBHOOK_SECRET: secret,
            },
          },
          (_error, stdout) => resolve(stdout),
        );
      });
    expect(await doctor(SECRET)).toContain(
      `✓ events: signed with CHATWOOT_WEBHOOK_SECRET: webhook ${server.url}${WEBHOOK_PATH}`,
    );
    const wrong = await doctor('not-the-secret-of-any-webhook');
    expect(wrong).toMatch(
      /✗ events: no webhook or agent bot of account 1 signs with a secret of CHATWOOT_WEBHOOK_SECRET: in Chatwoot, Settings → Integrations → Webhooks/,
    );
    expect(wrong).not.toContain(SECRET);
  });

  it('refuses a webhook that is not POST or not a Chatwoot event', async () => {
    expect((await fetch(new URL(WEBHOOK_PATH, server.url))).status).toBe(405);
    const notJson = await postWebhook(server.url, SECRET, undefined, { body: '{not json' });
    expect(notJson.status).toBe(400);
    const noEvent = await postWebhook(server.url, SECRET, { id: 1 });
    expect(noEvent.status).toBe(422);
  });

  it('notifies a subscribed conversation resource, and stops after unsubscribe', async () => {
    const uri = `chatwoot://conversations/${sandbox.info.conversationId}`;
    const updates: string[] = [];
    agent.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
      updates.push(notification.params.uri);
    });
    expect(agent.getServerCapabilities()?.resources?.subscribe).toBe(true);
    await agent.subscribeResource({ uri });
    await agent.subscribeResource({ uri: 'chatwoot://conversations/424242' });
    const { cursor } = await waitForEvents(agent, { timeout_seconds: 0 });
    await customerWrites(sandbox.url, sandbox.info, 'Any news?');
    const woke = await waitForEvents(agent, { cursor, incoming_only: true, timeout_seconds: 20 });
    await expect.poll(() => updates, { timeout: 5000 }).toEqual([uri]);

    await agent.unsubscribeResource({ uri });
    await customerWrites(sandbox.url, sandbox.info, 'Hello?');
    await waitForEvents(agent, { cursor: woke.cursor, incoming_only: true, timeout_seconds: 20 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(updates).toEqual([uri]);
    await expect(agent.subscribeResource({ uri: 'https://example.com/x' })).rejects.toThrow(
      /chatwoot:\/\/conversations/,
    );
  });
});

describe('events set-up and shutdown', () => {
  it('refuses webhooks over stdio at start-up, with the reason', () => {
    const run = spawnSync(
      process.execPath,
      [CLI, '--base-url', 'http://127.0.0.1:39999', '--events', 'webhook', '--webhook-secret', SECRET],
      { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('CHATWOOT_EVENTS=webhook needs --transport http');
    expect(run.stderr).not.toContain(SECRET);
  });

  it('answers a waiting agent at once when the server stops', async () => {
    const server = await startHttpProcess({
      CHATWOOT_BASE_URL: 'http://127.0.0.1:39999',
      CHATWOOT_API_TOKEN: 'shutdown-test-token',
      CHATWOOT_WEBHOOK_SECRET: SECRET,
      MCP_SHUTDOWN_TIMEOUT: '60',
    });
    const agent = await httpClient(server.url);
    const waiting = waitForEvents(agent, { timeout_seconds: 50 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exited = server.stop();
    expect((await waiting).events).toEqual([]);
    expect(await exited).toBe(0);
  });
});

describe('unsigned webhooks', () => {
  it('are accepted only with the explicit setting, and said loudly', async () => {
    const server = await startHttpProcess({
      CHATWOOT_BASE_URL: 'http://127.0.0.1:39999',
      CHATWOOT_API_TOKEN: 'unsigned-test-token',
      CHATWOOT_WEBHOOK_ALLOW_UNSIGNED: 'true',
    });
    try {
      const answer = await postWebhook(server.url, '', messageCreated(1, 'no signature'), {
        signature: null,
      });
      expect(answer.status).toBe(200);
      expect(server.stderr()).toMatch(/UNSIGNED WEBHOOKS ACCEPTED/);
      expect(server.stderr()).toMatch(/accepted an UNSIGNED webhook/);
    } finally {
      await server.stop();
    }
  });
});
