import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_TOKENS, type Sandbox, startSandbox } from '../src/sandbox/index.js';
import { connectInMemory } from './helpers/inMemory.js';

let sandbox: Sandbox;
let client: Awaited<ReturnType<typeof connectInMemory>>['client'];
beforeAll(async () => {
  sandbox = await startSandbox();
  ({ client } = await connectInMemory(sandbox.url, {
    apiToken: SANDBOX_TOKENS.user,
    accountId: 1,
    draftReplies: true,
  }));
});
afterAll(async () => {
  await client.close();
  await sandbox.close();
});

const failureOf = async (promise: Promise<unknown>): Promise<McpError> => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(McpError);
  return error as McpError;
};

describe('the support layer over MCP, served by createServer', () => {
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
