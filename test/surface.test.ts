import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildManifest } from '../scripts/manifest.js';
import type { Config } from '../src/config.js';
import { connectInMemory } from './helpers/inMemory.js';
import { type RecordingServer, startRecordingServer } from './helpers/recordingServer.js';

const manifest = buildManifest();
let upstream: RecordingServer;
beforeAll(async () => {
  upstream = await startRecordingServer();
});
afterAll(() => upstream.close());

async function connect(settings: Partial<Config>) {
  const { client, runtime } = await connectInMemory(upstream.url, { apiToken: undefined, ...settings });
  const { tools } = await client.listTools();
  return { client, runtime, names: tools.map((tool) => tool.name), tools };
}

/** Chatwoot answers every request with `status` and the JSON `body` gives for its URL (the profile, the labels…). */
function answerJson(status: number, body: (url: string) => unknown) {
  upstream.respondWith((request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body(request.url)));
  });
}

const namesOf = (predicate: (tool: (typeof manifest.tools)[number]) => boolean) =>
  manifest.tools.filter(predicate).map((tool) => tool.name);

describe('which tools are listed', () => {
  it('with a user token: application and client API, no platform API', async () => {
    const { names, runtime } = await connect({ apiToken: 'u-token' });
    expect(names).toEqual(namesOf((tool) => tool.family !== 'platform'));
    expect(runtime.defaultTenant.surface.families.platform).toMatch(/^off \(set CHATWOOT_PLATFORM_TOKEN\)/);
  });

  it('with only a platform token: platform and client API', async () => {
    const { names } = await connect({ platformToken: 'p-token' });
    expect(names).toEqual(namesOf((tool) => tool.family !== 'application'));
  });

  it('with only an agent-bot token: just the endpoints Chatwoot opens to bots, plus the client API', async () => {
    const { names, runtime } = await connect({ agentBotToken: 'b-token' });
    expect(names).toEqual(namesOf((tool) => tool.auth === 'user_or_bot' || tool.family === 'client'));
    expect(names).toContain('create_message');
    expect(names).not.toContain('list_contacts');
    expect(runtime.defaultTenant.surface.families.application).toMatch(/agent-bot token/);
  });

  it('with no token: the client API only', async () => {
    const { names } = await connect({});
    expect(names).toEqual(namesOf((tool) => tool.family === 'client'));
  });
});

describe('a default account id', () => {
  it('leaves account_id out of the listing, fills it in when a call leaves it out, and still takes another', async () => {
    const { client, tools } = await connect({ apiToken: 'u-token', accountId: 42 });
    const listLabels = tools.find((tool) => tool.name === 'list_labels');
    expect(listLabels?.inputSchema.required ?? []).not.toContain('account_id');
    expect(listLabels?.inputSchema.properties).not.toHaveProperty('account_id');

    upstream.requests.length = 0;
    await client.callTool({ name: 'list_labels', arguments: {} });
    await client.callTool({ name: 'list_labels', arguments: { account_id: 7 } });
    expect(upstream.requests.map((request) => request.url)).toEqual([
      '/api/v1/accounts/42/labels',
      '/api/v1/accounts/7/labels',
    ]);
  });

  it("without one, finds a user token's only account from its profile, once, and takes another", async () => {
    const { client, tools } = await connect({ apiToken: 'u-token' });
    const listLabels = tools.find((tool) => tool.name === 'list_labels');
    expect(listLabels?.inputSchema.properties).not.toHaveProperty('account_id');
    upstream.requests.length = 0;
    const accounts = [{ id: 5, name: 'Acme', role: 'agent' }];
    answerJson(200, (url) => (url === '/api/v1/profile' ? { id: 9, accounts } : { payload: [] }));
    await client.callTool({ name: 'list_labels', arguments: {} });
    await client.callTool({ name: 'list_labels', arguments: {} });
    await client.callTool({ name: 'list_labels', arguments: { account_id: 7 } });
    expect(upstream.requests.map((request) => request.url)).toEqual([
      '/api/v1/profile',
      '/api/v1/accounts/5/labels',
      '/api/v1/accounts/5/labels',
      '/api/v1/accounts/7/labels',
    ]);
  });

  it('without one, refuses to guess between several accounts, and names them', async () => {
    const { client } = await connect({ apiToken: 'u-token' });
    upstream.requests.length = 0;
    answerJson(200, () => ({
      id: 9,
      accounts: [
        { id: 5, name: 'Acme' },
        { id: 6, name: 'Beta' },
      ],
    }));
    const result = (await client.callTool({ name: 'list_labels', arguments: {} })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('belongs to 2 accounts, 5 (Acme), 6 (Beta)');
    expect(upstream.requests.map((request) => request.url)).toEqual(['/api/v1/profile']);
    // A refusal is not kept: once the user has one account, the next call finds it.
    answerJson(200, (url) => (url === '/api/v1/profile' ? { accounts: [{ id: 6 }] } : {}));
    await client.callTool({ name: 'list_labels', arguments: {} });
    expect(upstream.requests.map((request) => request.url).slice(1)).toEqual([
      '/api/v1/profile',
      '/api/v1/accounts/6/labels',
    ]);
  });

  it('says so when the profile cannot be read, and sends nothing else', async () => {
    const { client } = await connect({ apiToken: 'u-token' });
    upstream.requests.length = 0;
    answerJson(401, () => ({ error: 'Invalid Access Token' }));
    const result = (await client.callTool({ name: 'list_labels', arguments: {} })) as CallToolResult;
    expect(result.isError).toBe(true);
    const text = JSON.stringify(result.content);
    expect(text).toContain("account_id is needed, and reading the token's profile to find it failed");
    expect(text).toContain('HTTP 401');
    expect(upstream.requests.map((request) => request.url)).toEqual(['/api/v1/profile']);
  });

  it('leaves account_id required for an agent-bot token alone (bots have no profile)', async () => {
    const { client, tools } = await connect({ agentBotToken: 'b-token' });
    const create = tools.find((tool) => tool.name === 'create_message');
    expect(create?.inputSchema.required).toContain('account_id');
    const result = (await client.callTool({ name: 'create_message', arguments: {} })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('\\"account_id\\" is required');
  });
});
