// The property-based cases once more, through the built server over stdio: valid and invalid arguments of
// random tools, huge messages and malformed requests, and not a byte on stdout that is not JSON-RPC.
import { readFileSync } from 'node:fs';
import { type CallToolResult, CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageFile } from '../src/paths.js';
import { CANARY_ENV } from './helpers/canary.js';
import { type SpawnedServer, spawnServer } from './helpers/mcpClient.js';
import { type RecordingServer, startRecordingServer } from './helpers/recordingServer.js';
import { deeplyNested } from './helpers/schemaArbitrary.js';
import {
  expectRefused,
  expectRequestAsDescribed,
  type Outcome,
  type ToolCase,
  toolCase,
} from './helpers/toolCases.js';

const RUNS = 400;

const manifest = JSON.parse(readFileSync(packageFile('tools.manifest.json'), 'utf8')) as {
  tools: { name: string; inputSchema: { properties?: { [name: string]: object }; required?: string[] } }[];
};
let tools: ToolCase[] = [];

let upstream: RecordingServer;
let server: SpawnedServer;
beforeAll(async () => {
  upstream = await startRecordingServer();
  server = await spawnServer({
    ...CANARY_ENV,
    CHATWOOT_BASE_URL: upstream.url,
    CHATWOOT_TOOLSETS: 'all',
    CHATWOOT_TOOL_MODE: 'full',
    CHATWOOT_MAX_RETRIES: '0',
    LOG_LEVEL: 'debug',
  });
  // Leaving out an argument is a mistake where the listing requires it (not account_id: the server finds it).
  const listed = new Map((await server.client.listTools()).tools.map((tool) => [tool.name, tool]));
  tools = manifest.tools.map((tool) =>
    toolCase(tool.name, tool.inputSchema, listed.get(tool.name)?.inputSchema.required ?? []),
  );
});
afterAll(async () => {
  await server.close();
  await upstream.close();
  process.stdout.write(`stdio property cases: ${RUNS}\n`);
});

async function call(name: string, args: Record<string, unknown>): Promise<Outcome> {
  upstream.requests.length = 0;
  const result = (await server.client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
  return { result, text, sent: [...upstream.requests] };
}

describe('hostile input over stdio', () => {
  it(`${RUNS} calls of random tools with valid or invalid arguments`, async () => {
    const anyCall = fc.constantFrom(...tools).chain((tool) =>
      fc.oneof(
        tool.valid.map((args) => ({ tool, args, mistake: undefined })),
        tool.mistake.map((mistake) => ({ tool, args: mistake.args, mistake })),
      ),
    );
    await fc.assert(
      fc.asyncProperty(anyCall, async ({ tool, args, mistake }) => {
        const outcome = await call(tool.name, args);
        if (mistake) expectRefused(mistake, outcome);
        else expectRequestAsDescribed(tool, args, outcome);
      }),
      { numRuns: RUNS },
    );
  });

  it('a 1.4 MB message, and arguments nested 300 deep where a number belongs', async () => {
    const huge = 'é/../%2e%2e\r\n\0'.repeat(100_000);
    const big = await call('create_message', { account_id: 1, conversation_id: 2, content: huge });
    expect(big.result.isError).toBeFalsy();
    expect(JSON.parse(big.sent[0]?.body ?? '{}').content).toBe(huge);
    const deep = await call('get_label', { account_id: 1, label_id: deeplyNested(300) });
    expectRefused({ args: {}, named: '"label_id"' }, deep);
  });

  it('malformed requests get JSON-RPC errors', async () => {
    const malformed = [
      { method: 'tools/call', params: { name: 42 } },
      { method: 'tools/call', params: { name: 'get_label', arguments: [1, 2] } },
      { method: 'tools/call', params: { name: '../../etc/passwd\r\n', arguments: {} } },
      { method: 'no/such/method', params: {} },
    ];
    for (const request of malformed) {
      const outcome = await server.client.request(request as never, CallToolResultSchema).then(
        (result) => (result.isError ? 'isError' : 'answered'),
        (error: Error) => `rejected: ${error.message}`,
      );
      expect(outcome, JSON.stringify(request)).toMatch(/^(isError|rejected: MCP error -32\d{3})/);
    }
  });

  it('wrote nothing but JSON-RPC on stdout, and still serves a normal call', async () => {
    const { result, sent } = await call('list_labels', { account_id: 1 });
    expect(result.isError).toBeFalsy();
    expect(sent.map((request) => request.url)).toEqual(['/api/v1/accounts/1/labels']);
    expect(server.protocolErrors).toEqual([]);
  });
});
