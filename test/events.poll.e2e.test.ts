import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_TOKENS, type Sandbox, startSandbox } from '../src/sandbox/index.js';
import { customerWrites, waitForEvents } from './helpers/events.js';
import { type SpawnedServer, spawnServer } from './helpers/mcpClient.js';

describe('events by polling, over stdio (no webhook can reach the server)', () => {
  let sandbox: Sandbox;
  let server: SpawnedServer;

  beforeAll(async () => {
    sandbox = await startSandbox();
    server = await spawnServer(
      {
        CHATWOOT_BASE_URL: sandbox.url,
        CHATWOOT_API_TOKEN: SANDBOX_TOKENS.user,
        CHATWOOT_ACCOUNT_ID: '1',
        LOG_LEVEL: 'info',
      },
      ['--events', 'poll', '--poll-interval', '1'],
    );
    for (let tries = 0; tries < 100 && !/polling from here on/.test(server.stderr()); tries++)
      await new Promise((resolve) => setTimeout(resolve, 100));
  });
  afterAll(async () => {
    await server?.close();
    await sandbox?.close();
  });

  it('brings a customer message and a status change as the same events a webhook would', async () => {
    const { client } = server;
    const { cursor } = await waitForEvents(client, { timeout_seconds: 0 });
    const waiting = waitForEvents(client, { cursor, incoming_only: true, timeout_seconds: 20 });
    const sent = await customerWrites(sandbox.url, sandbox.info, 'Polling works?');
    const answer = await waiting;
    expect(answer.events).toEqual([
      expect.objectContaining({
        type: 'message_created',
        account_id: 1,
        conversation_id: sandbox.info.conversationId,
        message: expect.objectContaining({ id: sent.id, kind: 'incoming', content: 'Polling works?' }),
      }),
    ]);

    const resolved = await client.callTool({
      name: 'toggle_conversation_status',
      arguments: { conversation_id: sandbox.info.conversationId, status: 'resolved' },
    });
    expect(resolved.isError).toBeFalsy();
    const change = await waitForEvents(client, {
      cursor: answer.cursor,
      types: ['conversation_status_changed'],
      timeout_seconds: 20,
    });
    expect(change.events).toEqual([
      expect.objectContaining({
        type: 'conversation_status_changed',
        conversation_id: sandbox.info.conversationId,
        status: 'resolved',
        changed: { status: ['open', 'resolved'] },
      }),
    ]);
  });
});
