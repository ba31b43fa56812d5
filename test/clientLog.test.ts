import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import {
  type LoggingMessageNotification,
  LoggingMessageNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load.js';
import { CLIENT_LOG_LINES_PER_SECOND } from '../src/clientLog.js';
import type { Config } from '../src/config.js';
import { packageFile } from '../src/paths.js';
import { createRuntime, type Runtime } from '../src/runtime.js';
import { SANDBOX_TOKENS, type Sandbox, startSandbox } from '../src/sandbox/index.js';
import { createServer } from '../src/server.js';
import { testConfig } from './helpers/inMemory.js';
import { useRecordingServer } from './helpers/recordingServer.js';

const settings = (baseUrl: string, more: Partial<Config> = {}) =>
  testConfig(baseUrl, { apiToken: 'canary-user-clientlog-1', ...more });

/** A client of its own on a runtime, keeping every log notification it receives. */
async function session(runtime: Runtime) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createServer(runtime).connect(serverSide);
  const client = new Client({ name: 'log-test', version: '1' });
  const messages: LoggingMessageNotification['params'][] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
    messages.push(notification.params);
  });
  await client.connect(clientSide);
  return { client, messages };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

const upstream = useRecordingServer(404, '{"error":"Resource could not be found"}');

describe('MCP logging', () => {
  it('declares the capability; sends its own session lines at the level the client sets, redacted', async () => {
    const runtime = createRuntime(settings(upstream.url));
    const { client, messages } = await session(runtime);
    const other = await session(runtime);
    expect(client.getServerCapabilities()?.logging).toEqual({});

    await client.callTool({ name: 'get_label', arguments: { account_id: 1, label_id: 5 } });
    await settle();
    expect(messages.map((message) => message.level)).toEqual(['warning']);
    expect(messages[0]?.data).toMatch(/^get_label GET \/api\/v1\/accounts\/1\/labels\/5 failed/);

    await client.setLoggingLevel('error');
    await client.callTool({ name: 'get_label', arguments: { account_id: 1, label_id: 6 } });
    await client.setLoggingLevel('debug');
    upstream.respondWith((_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":7}'),
    );
    await client.callTool({ name: 'get_label', arguments: { account_id: 1, label_id: 7 } });
    await settle();
    expect(messages.map((message) => message.level)).toEqual(['warning', 'debug']);
    expect(messages[1]?.data).toMatch(/^get_label GET \/api\/v1\/accounts\/1\/labels\/7 → 200/);
    expect(JSON.stringify(messages)).not.toContain('canary-user-clientlog-1');
    // Lines of one session never reach another.
    expect(other.messages).toEqual([]);
  });

  it('bounds the rate: a burst sends at most the per-second limit, and the next line says how many were dropped', async () => {
    const { client, messages } = await session(createRuntime(settings(upstream.url)));
    const burst = CLIENT_LOG_LINES_PER_SECOND + 15;
    await Promise.all(
      Array.from({ length: burst }, (_, id) =>
        client.callTool({ name: 'get_label', arguments: { account_id: 1, label_id: id } }),
      ),
    );
    await settle();
    expect(messages.length).toBeLessThanOrEqual(CLIENT_LOG_LINES_PER_SECOND);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await client.callTool({ name: 'get_label', arguments: { account_id: 1, label_id: 99 } });
    await settle();
    expect(messages.at(-1)?.data).toMatch(/\(\d+ earlier lines dropped: too many per second\)$/);
  });
});

describe('the Chatwoot version and tools it lacks (x-chatwoot-min-version)', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it('reads the version once, logs it, and explains a tool that needs a newer Chatwoot instead of calling it', async () => {
    const operations = loadCatalog(packageFile('openapi.json')).map((operation) =>
      operation.id === 'list_teams' ? { ...operation, minVersion: '99.0.0' } : operation,
    );
    const lines: string[] = [];
    const runtime = createRuntime(
      settings(sandbox.url, { apiToken: SANDBOX_TOKENS.user, logLevel: 'info' }),
      { operations },
    );
    const info = runtime.log.info;
    runtime.log.info = (line) => {
      lines.push(line);
      info(line);
    };
    const { client } = await session(runtime);
    const teams = await client.callTool({ name: 'list_teams', arguments: { account_id: 1 } });
    expect(teams.isError).toBe(true);
    const version = await runtime.chatwootVersion();
    expect(JSON.stringify(teams.content)).toContain(
      `list_teams needs Chatwoot 99.0.0 or newer, and this Chatwoot is ${version}: upgrade Chatwoot to use it.`,
    );
    expect(
      (await client.callTool({ name: 'list_labels', arguments: { account_id: 1 } })).isError,
    ).toBeFalsy();
    await client.callTool({ name: 'list_teams', arguments: { account_id: 1 } });
    expect(lines.filter((line) => line.startsWith('Chatwoot '))).toEqual([
      `Chatwoot ${version} at ${sandbox.url}`,
    ]);
  });
});
