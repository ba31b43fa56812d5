import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { type CallToolResult, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Config } from '../../src/config.js';
import { createRuntime } from '../../src/runtime.js';
import { createServer } from '../../src/server.js';

export interface InMemoryOptions {
  clientName?: string;
  /** How the client answers an elicitation; undefined: the client does not support elicitation. */
  elicitation?: 'accept' | 'decline' | 'cancel';
}

/** Settings of a test server: quick time limits, every toolset, full listing, over the given ones. */
export function testConfig(baseUrl: string, settings: Partial<Config> = {}): Config & { baseUrl: string } {
  return {
    baseUrl,
    apiToken: 'canary-user-inmemory-1',
    timeoutMs: 5000,
    maxRetries: 0,
    maxRetryAfter: 5,
    sandbox: false,
    logLevel: 'error',
    toolsets: ['all'],
    toolMode: 'full',
    toolBudget: 10_000,
    maxResultTokens: 8000,
    ...settings,
  } as Config & { baseUrl: string };
}

/** The real server and an MCP SDK client linked in memory, with the given settings over test defaults. */
export async function connectInMemory(
  baseUrl: string,
  settings: Partial<Config>,
  options: InMemoryOptions = {},
) {
  const runtime = createRuntime(testConfig(baseUrl, settings));
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createServer(runtime).connect(serverSide);
  const client = new Client(
    { name: options.clientName ?? 'tests', version: '1.0.0' },
    { capabilities: options.elicitation ? { elicitation: {} } : {} },
  );
  const elicitations: string[] = [];
  if (options.elicitation) {
    const action = options.elicitation;
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      elicitations.push(request.params.message);
      return action === 'accept' ? { action, content: { confirm: true } } : { action };
    });
  }
  await client.connect(clientSide);
  const call = async (name: string, args: Record<string, unknown>) => {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
    return { result, text };
  };
  const names = async () => (await client.listTools()).tools.map((tool) => tool.name);
  return { client, runtime, call, names, elicitations };
}
