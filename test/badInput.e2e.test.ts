import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY } from './helpers/canary.js';
import { type SpawnedServer, spawnServer } from './helpers/mcpClient.js';
import { type RecordingServer, startRecordingServer } from './helpers/recordingServer.js';

const TOKEN = CANARY.userToken;
let upstream: RecordingServer;
let server: SpawnedServer;
beforeAll(async () => {
  upstream = await startRecordingServer();
  server = await spawnServer({
    CHATWOOT_BASE_URL: upstream.url,
    CHATWOOT_API_TOKEN: TOKEN,
    CHATWOOT_TOOLSETS: 'all',
  });
});
afterAll(async () => {
  await server.close();
  await upstream.close();
});

async function call(name: string, args: Record<string, unknown>) {
  upstream.requests.length = 0;
  const result = (await server.client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
  return { result, text, sent: [...upstream.requests] };
}

describe('bad input gets a clear error and the server keeps serving', () => {
  it('names an argument of the wrong type and sends nothing', async () => {
    const { result, text, sent } = await call('get_conversation', { account_id: 1, conversation_id: 'abc' });
    expect(result.isError).toBe(true);
    expect(text).toMatch(/"conversation_id".*expected number/);
    expect(sent).toHaveLength(0);
  });

  it('names a missing required argument', async () => {
    const { result, text, sent } = await call('client_create_message', {
      inbox_identifier: 'x',
      contact_identifier: 'y',
      conversation_id: 1,
    });
    expect(result.isError).toBe(true);
    expect(text).toMatch(/"content" is required/);
    expect(sent).toHaveLength(0);
  });

  it('names an unknown argument and lists the real ones', async () => {
    const { result, text } = await call('list_labels', { account_id: 1, acount: 2 });
    expect(result.isError).toBe(true);
    expect(text).toMatch(/unknown argument "acount"; this tool takes: account_id/);
  });

  it('refuses an unknown tool with a protocol error', async () => {
    await expect(server.client.callTool({ name: 'drop_database', arguments: {} })).rejects.toThrow(
      /Unknown tool "drop_database"/,
    );
  });

  it('keeps a path id inside its segment, and refuses dot segments', async () => {
    const climbing = await call('client_get_inbox', { inbox_identifier: '../../api/v1/accounts' });
    expect(climbing.result.isError).toBeFalsy();
    expect(climbing.sent[0]?.url).toBe('/public/api/v1/inboxes/..%2F..%2Fapi%2Fv1%2Faccounts');
    const dots = await call('client_get_inbox', { inbox_identifier: '..' });
    expect(dots.result.isError).toBe(true);
    expect(dots.text).toContain('"inbox_identifier" cannot be ".."');
    expect(dots.sent).toHaveLength(0);
  });

  it("passes on Chatwoot's own message with a hint, without the token", async () => {
    upstream.respondWith((_request, response) =>
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end(`{"error":"Resource could not be found ${TOKEN}"}`),
    );
    const { result, text } = await call('get_conversation', { account_id: 1, conversation_id: 99 });
    upstream.respondWith((_request, response) => response.writeHead(200).end('{"id":1}'));
    expect(result.isError).toBe(true);
    expect(text).toContain('HTTP 404');
    expect(text).toContain('Resource could not be found');
    expect(text).toMatch(/Hint: one of account_id=1, conversation_id=99 does not exist/);
    expect(text).not.toContain(TOKEN);
  });

  it('still serves a good call afterwards', async () => {
    const { result, sent } = await call('list_labels', { account_id: 1 });
    expect(result.isError).toBeFalsy();
    expect(sent[0]?.url).toBe('/api/v1/accounts/1/labels');
    expect(server.protocolErrors).toEqual([]);
  });
});
