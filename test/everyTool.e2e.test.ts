import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildManifest } from '../scripts/manifest.js';
import { loadCatalog } from '../src/catalog/load.js';
import { packageFile } from '../src/paths.js';
import { buildToolInput } from '../src/tools/inputSchema.js';
import { listedSchema } from '../src/tools/listedSchema.js';
import { CANARY } from './helpers/canary.js';
import { type SpawnedServer, spawnServer } from './helpers/mcpClient.js';
import { type RecordingServer, startRecordingServer } from './helpers/recordingServer.js';
import { sampleArguments } from './helpers/sampleArgs.js';

const TOKENS = { user: CANARY.userToken, platform: CANARY.platformToken };
const manifest = buildManifest();
const operations = new Map(
  loadCatalog(packageFile('openapi.json')).map((operation) => [operation.id, operation]),
);

let upstream: RecordingServer;
let server: SpawnedServer;
beforeAll(async () => {
  upstream = await startRecordingServer();
  server = await spawnServer({
    CHATWOOT_BASE_URL: upstream.url,
    CHATWOOT_API_TOKEN: TOKENS.user,
    CHATWOOT_PLATFORM_TOKEN: TOKENS.platform,
    LOG_LEVEL: 'debug',
    CHATWOOT_TOOLSETS: 'all',
    CHATWOOT_TOOL_MODE: 'full',
    // This suite is about the requests: Chatwoot's reply comes back whole, with no view and no read-back.
    CHATWOOT_RESULTS: 'full',
  });
});
afterAll(async () => {
  await server.close();
  await upstream.close();
});

function isFileArgument(schema: Record<string, unknown>, name: string): boolean {
  const property = (schema.properties as Record<string, { items?: object; properties?: object }>)[name];
  const shape = (property?.items ?? property) as { properties?: Record<string, unknown> } | undefined;
  return (
    shape?.properties !== undefined &&
    'url' in shape.properties &&
    'data' in shape.properties &&
    'path' in shape.properties
  );
}

/** Rails-style query string, written here independently of the server's own serializer. */
function expectedQuery(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  const add = (name: string, value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) add(`${name}[]`, item);
    else if (value && typeof value === 'object')
      for (const [key, item] of Object.entries(value)) add(`${name}[${key}]`, item);
    else params.append(name, String(value));
  };
  for (const [name, value] of Object.entries(query)) add(name, value);
  return params.toString();
}

describe('every tool over stdio, against a recording Chatwoot', () => {
  it('lists every tool of the manifest with its schema, less what some APIs refuse', async () => {
    const { tools } = await server.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(manifest.tools.map((tool) => tool.name));
    for (const tool of tools) {
      const entry = manifest.tools.find((candidate) => candidate.name === tool.name);
      // With a user token and no CHATWOOT_ACCOUNT_ID, the server finds the account: account_id is not listed.
      const found = entry?.family === 'application' ? ['account_id'] : [];
      expect(tool.inputSchema).toEqual(listedSchema(entry?.inputSchema ?? {}, found));
      expect(tool.annotations ?? {}).toEqual(entry?.annotations);
      // A title that only repeats the name is not listed.
      expect(tool.title ?? entry?.title).toBe(entry?.title);
    }
  });

  it.each(manifest.tools.map((tool) => [tool.name, tool] as const))(
    '%s sends the right request',
    async (name, tool) => {
      const operation = operations.get(name);
      if (!operation) throw new Error(`${name} not in catalog`);
      // File arguments switch the request to multipart: test/attachments.test.ts covers them.
      const args = Object.fromEntries(
        Object.entries(sampleArguments(tool.inputSchema)).filter(
          ([name]) => !isFileArgument(tool.inputSchema, name),
        ),
      );
      const inPath = new Set(operation.parameters.filter((p) => p.in === 'path').map((p) => p.name));
      const inQuery = new Set(operation.parameters.filter((p) => p.in === 'query').map((p) => p.name));
      const query = Object.fromEntries(Object.entries(args).filter(([key]) => inQuery.has(key)));
      // Rails' root keys (x-flatten) gather the arguments that are their properties, as openapi.json nests them.
      const places = buildToolInput(operation).places;
      const body: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(args)) {
        if (inPath.has(key) || inQuery.has(key)) continue;
        const parent = places.get(key)?.parent;
        if (parent) body[parent] = { ...(body[parent] as object | undefined), [key]: value };
        else body[key] = value;
      }

      upstream.requests.length = 0;
      const result = (await server.client.callTool({ name, arguments: args })) as CallToolResult;
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
      expect(JSON.parse(text)).toEqual({ id: 1, recorded: true });
      expect(upstream.requests).toHaveLength(1);
      const [sent] = upstream.requests;
      if (!sent) throw new Error('nothing sent');

      const path = tool.path.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(String(args[key])));
      const search = expectedQuery(query);
      expect(sent.method).toBe(tool.method);
      expect(sent.url).toBe(search ? `${path}?${search}` : path);
      const token = { application: TOKENS.user, platform: TOKENS.platform, client: undefined }[
        tool.family as 'client'
      ];
      expect(sent.headers.api_access_token).toBe(token);
      if (Object.keys(body).length > 0) {
        expect(sent.headers['content-type']).toMatch(/^application\/json/);
        expect(JSON.parse(sent.body)).toEqual(body);
      } else {
        expect(sent.body).toBe('');
      }
    },
  );

  it('wrote nothing but JSON-RPC on stdout and no token on stderr', () => {
    expect(server.protocolErrors).toEqual([]);
    expect(server.stderr()).toContain('waiting for an MCP client');
    for (const token of Object.values(TOKENS)) expect(server.stderr()).not.toContain(token);
  });
});
