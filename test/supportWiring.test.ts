import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CompleteRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  McpError,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../src/log.js';
import type { Tenant } from '../src/runtime.js';
import {
  complete,
  getSupportPrompt,
  listResources,
  readResource,
  SUPPORT_PROMPTS,
  SUPPORT_RESOURCE_TEMPLATES,
  type SupportOptions,
  serverInstructions,
  toMcpError,
  toolCaller,
} from '../src/support/index.js';
import { type SupportSandbox, startSupportSandbox } from './supportSandbox.js';

/** The wiring server.ts is to do, kept here so that the hand-over is proven over the protocol. */
function supportServer(tenant: Tenant, log: Logger, support: SupportOptions): Server {
  const server = new Server(
    { name: 'chatwoot-mcp', version: '0.0.0-test' },
    {
      capabilities: {
        prompts: { listChanged: false },
        resources: { listChanged: false },
        completions: {},
      },
      instructions: serverInstructions({ defaultAccountId: tenant.defaultAccountId }),
    },
  );
  const callFor = (signal: AbortSignal) => toolCaller(tenant, log, signal);

  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: SUPPORT_PROMPTS }));
  server.setRequestHandler(GetPromptRequestSchema, (request, extra) =>
    getSupportPrompt(request.params.name, request.params.arguments, callFor(extra.signal), support).catch(
      (error: unknown) => {
        throw toMcpError(error, 'prompt');
      },
    ),
  );
  server.setRequestHandler(CompleteRequestSchema, async (request, extra) => {
    const { ref, argument } = request.params;
    const target = ref.type === 'ref/prompt' ? ref.name : ref.uri;
    try {
      return { completion: await complete(target, argument.name, argument.value, callFor(extra.signal)) };
    } catch (error) {
      throw toMcpError(error, 'completion');
    }
  });
  server.setRequestHandler(ListResourcesRequestSchema, (_request, extra) =>
    listResources(callFor(extra.signal)).catch((error: unknown) => {
      throw toMcpError(error, 'resource');
    }),
  );
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: SUPPORT_RESOURCE_TEMPLATES,
  }));
  server.setRequestHandler(ReadResourceRequestSchema, (request, extra) =>
    readResource(request.params.uri, callFor(extra.signal), support.budget).catch((error: unknown) => {
      throw toMcpError(error, 'resource');
    }),
  );
  return server;
}

let support: SupportSandbox;
let client: Client;
beforeAll(async () => {
  support = await startSupportSandbox();
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await supportServer(support.runtime.defaultTenant, support.runtime.log, { draftOnly: true }).connect(
    serverSide,
  );
  client = new Client({ name: 'support-wiring-test', version: '1.0.0' });
  await client.connect(clientSide);
});
afterAll(async () => {
  await client.close();
  await support.close();
});

const failureOf = async (promise: Promise<unknown>): Promise<McpError> => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(McpError);
  return error as McpError;
};

describe('the support layer over MCP', () => {
  it('announces prompts, resources and completions, with the instructions', () => {
    expect(client.getServerCapabilities()).toMatchObject({ prompts: {}, resources: {}, completions: {} });
    expect(client.getInstructions()).toContain('account_id defaults to 1');
  });

  it('lists and gets the prompts', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual([
      'draft_reply',
      'summarize_conversation',
      'triage_conversations',
    ]);

    const result = await client.getPrompt({ name: 'draft_reply', arguments: { conversation_id: '1' } });
    const [message] = result.messages;
    expect(message?.content).toMatchObject({ type: 'text', text: expect.stringContaining('private true') });
  });

  it('answers an unknown conversation with invalid params and the sentence saying so', async () => {
    const error = await failureOf(
      client.getPrompt({ name: 'summarize_conversation', arguments: { conversation_id: '999' } }),
    );
    expect(error.code).toBe(-32602);
    expect(error.message).toMatch(/Conversation 999 not found: Chatwoot answered HTTP 404/);
  });

  it('completes prompt and resource template arguments', async () => {
    const prompt = await client.complete({
      ref: { type: 'ref/prompt', name: 'triage_conversations' },
      argument: { name: 'inbox_id', value: '1' },
    });
    const template = await client.complete({
      ref: { type: 'ref/resource', uri: 'chatwoot://conversations/{conversation_id}' },
      argument: { name: 'conversation_id', value: '3' },
    });

    expect(prompt.completion.values).toEqual(['1']);
    expect(template.completion.values).toEqual(['3']);
  });

  it('lists and reads resources, and answers a missing one with -32002', async () => {
    const { resources } = await client.listResources();
    const { resourceTemplates } = await client.listResourceTemplates();
    const { contents } = await client.readResource({ uri: 'chatwoot://conversations/2' });

    expect(resources.length).toBeGreaterThan(1);
    expect(resourceTemplates).toHaveLength(2);
    expect(contents[0]).toMatchObject({
      mimeType: 'text/markdown',
      text: expect.stringContaining('# Chatwoot'),
    });
    expect((await failureOf(client.readResource({ uri: 'chatwoot://contacts/999' }))).code).toBe(-32002);
  });
});
