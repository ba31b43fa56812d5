// Property-based tests over every tool: arbitrary valid arguments make the request openapi.json describes;
// arbitrary invalid ones are refused naming the argument, and nothing is sent; nothing crashes the server.
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../src/config.js';
import { packageFile } from '../src/paths.js';
import { createRuntime } from '../src/runtime.js';
import { createServer } from '../src/server.js';
import { CANARY, captureMessages } from './helpers/canary.js';
import {
  type RecordedRequest,
  type RecordingServer,
  startRecordingServer,
} from './helpers/recordingServer.js';
import { deeplyNested, hostileString } from './helpers/schemaArbitrary.js';
import {
  expectRefused,
  expectRequestAsDescribed,
  type Outcome,
  type ToolCase,
  toolCase,
} from './helpers/toolCases.js';

/** Runs per tool and property: 368 tools × (VALID + INVALID) calls stay within about twenty seconds in memory. */
const VALID_RUNS = 30;
const INVALID_RUNS = 20;

const manifest = JSON.parse(readFileSync(packageFile('tools.manifest.json'), 'utf8')) as {
  tools: { name: string; inputSchema: Record<string, unknown> }[];
};
const cases = { valid: 0, invalid: 0, notAnObject: 0, huge: 0 };
const troubles: unknown[] = [];
const onTrouble = (reason: unknown) => troubles.push(reason);

let upstream: RecordingServer;
let client: Client;
const listed = new Map<string, Tool>();
beforeAll(async () => {
  process.on('unhandledRejection', onTrouble);
  process.on('uncaughtException', onTrouble);
  upstream = await startRecordingServer();
  const runtime = createRuntime({
    baseUrl: upstream.url,
    apiToken: CANARY.userToken,
    agentBotToken: CANARY.agentBotToken,
    platformToken: CANARY.platformToken,
    authToken: CANARY.mcpAuthToken,
    timeoutMs: 5000,
    maxRetries: 0,
    maxRetryAfter: 5,
    sandbox: false,
    logLevel: 'warn',
    toolsets: ['all'],
    toolMode: 'full',
    toolBudget: 10_000,
    maxResultTokens: 8000,
  } as Config & { baseUrl: string });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createServer(runtime).connect(serverSide);
  client = new Client({ name: 'property-test', version: '1.0.0' });
  await client.connect(captureMessages(clientSide, 'in-memory client'));
  for (const tool of (await client.listTools()).tools) listed.set(tool.name, tool);
});
afterAll(async () => {
  process.off('unhandledRejection', onTrouble);
  process.off('uncaughtException', onTrouble);
  await client.close();
  await upstream.close();
  process.stdout.write(`property cases: ${JSON.stringify(cases)}\n`);
});

async function call(name: string, args: unknown): Promise<Outcome> {
  upstream.requests.length = 0;
  const result = (await client.callTool({
    name,
    arguments: args as Record<string, unknown>,
  })) as CallToolResult;
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
  return { result, text, sent: [...upstream.requests] as RecordedRequest[] };
}

/** Cases from the full schema calls are validated against (the manifest's); the listing is a portable subset. */
function caseOf(name: string): ToolCase {
  const tool = manifest.tools.find((entry) => entry.name === name);
  const listing = listed.get(name);
  if (!listing || !tool) throw new Error(`${name} is not listed`);
  // Required as the listing says: account_id is not, where the server finds the token's account itself.
  return toolCase(name, tool.inputSchema, listing.inputSchema.required ?? []);
}

it('lists every tool of tools.manifest.json', () => {
  expect([...listed.keys()]).toEqual(manifest.tools.map((tool) => tool.name));
});

describe('arbitrary valid arguments', () => {
  it.each(manifest.tools.map((tool) => tool.name))(
    '%s: method, path segments, query and body as openapi.json says',
    async (name) => {
      const tool = caseOf(name);
      await fc.assert(
        fc.asyncProperty(tool.valid, async (args) =>
          expectRequestAsDescribed(tool, args, await call(name, args)),
        ),
        { numRuns: VALID_RUNS },
      );
      cases.valid += VALID_RUNS;
    },
  );
});

describe('arbitrary invalid arguments', () => {
  it.each(manifest.tools.map((tool) => tool.name))(
    '%s: refused naming the argument, nothing sent',
    async (name) => {
      const tool = caseOf(name);
      await fc.assert(
        fc.asyncProperty(tool.mistake, async (mistake) =>
          expectRefused(mistake, await call(name, mistake.args)),
        ),
        { numRuns: INVALID_RUNS },
      );
      cases.invalid += INVALID_RUNS;
    },
  );

  it('arguments that are not an object at all: refused, nothing sent', async () => {
    const names = manifest.tools.map((tool) => tool.name);
    const notAnObject = fc.oneof(
      fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
      hostileString,
      fc.integer(),
      fc.boolean(),
      fc.constant(deeplyNested(300)).map((nested) => [nested]),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), notAnObject, async (name, args) => {
        upstream.requests.length = 0;
        const outcome = await client.callTool({ name, arguments: args as never }).then(
          (result) => (result as CallToolResult).isError === true,
          (error: Error) => /Invalid|arguments/i.test(error.message),
        );
        expect(outcome).toBe(true);
        expect(upstream.requests).toEqual([]);
      }),
      { numRuns: 200 },
    );
    cases.notAnObject += 200;
  });
});

describe('huge and deeply nested values', () => {
  const huge = `${'é/../%2e%2e\r\n\0'.repeat(100_000)}`;

  it('a 1.4 MB string in a body field is sent whole, JSON-escaped', async () => {
    const { result, sent } = await call('create_message', {
      account_id: 1,
      conversation_id: 2,
      content: huge,
    });
    expect(result.isError, JSON.stringify(result.content).slice(0, 400)).toBeFalsy();
    expect(JSON.parse(sent[0]?.body ?? '{}').content).toBe(huge);
    cases.huge++;
  });

  it.each([
    ['a path segment', 'client_get_inbox', { inbox_identifier: huge }],
    ['the query', 'list_conversations', { account_id: 1, q: huge }],
  ])(
    'a 1.4 MB string in %s: encoded, and refused by the upstream with a clear error',
    async (_, name, args) => {
      const { result, text, sent } = await call(name, args);
      // Node's HTTP server refuses a request line this long (431); the server says so and keeps serving.
      expect(sent).toEqual([]);
      expect(result.isError).toBe(true);
      expect(text).toMatch(new RegExp(`^(Chatwoot answered HTTP 431 to ${name}|${name} failed: )`));
      cases.huge++;
    },
  );

  const withAttributes = (custom_attributes: unknown) => ({
    inbox_identifier: 'inbox',
    contact_identifier: 'contact',
    custom_attributes,
  });

  it('an object nested as deep as Chatwoot reads (100 levels) where any JSON is allowed is sent as it is', async () => {
    // The body's own level and 99 in custom_attributes: 100 in all.
    const nested = deeplyNested(99);
    const { result, sent } = await call('client_create_conversation', withAttributes(nested));
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(sent[0]?.body ?? '{}').custom_attributes).toEqual(nested);
    cases.huge++;
  });

  it.each([100, 100_000])(
    'an object nested %i levels under it: a clear error, nothing sent',
    async (depth) => {
      const { result, text, sent } = await call(
        'client_create_conversation',
        withAttributes(deeplyNested(depth)),
      );
      expect(result.isError).toBe(true);
      expect(text).toContain('"custom_attributes" is nested deeper than the 100 levels Chatwoot reads');
      expect(sent).toEqual([]);
      cases.huge++;
    },
  );
});

describe('afterwards', () => {
  it('no unhandled rejection or exception, and a normal call still works', async () => {
    const { result, sent } = await call('list_labels', { account_id: 1 });
    expect(result.isError).toBeFalsy();
    expect(sent.map((request) => request.url)).toEqual(['/api/v1/accounts/1/labels']);
    expect(troubles).toEqual([]);
  });
});
