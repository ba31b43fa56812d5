import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageFile } from '../src/paths.js';
import {
  RESOURCE_NOT_FOUND,
  SupportArgumentError,
  SupportNotFoundError,
  toMcpError,
} from '../src/support/errors.js';
import { listResources, readResource, SUPPORT_RESOURCE_TEMPLATES } from '../src/support/resources.js';
import {
  conversationWithMessages,
  outsideUntrustedBlocks,
  type SupportSandbox,
  startSupportSandbox,
  untrustedBlocks,
} from './supportSandbox.js';

const COUNT = 250;
let support: SupportSandbox;
let conversationId: number;
beforeAll(async () => {
  support = await startSupportSandbox();
  conversationId = await conversationWithMessages(support.call, COUNT);
});
afterAll(() => support.close());

const expected = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => `message ${from + index} of ${COUNT}`);

const read = async (uri: string) => {
  const { contents } = await readResource(uri, support.call);
  expect(contents).toHaveLength(1);
  const [content] = contents as [{ uri: string; mimeType: string; text: string }];
  expect(content.uri).toBe(uri);
  return content;
};

describe('support resources', () => {
  it('offers the conversation and contact templates', () => {
    expect(SUPPORT_RESOURCE_TEMPLATES.map((template) => [template.uriTemplate, template.mimeType])).toEqual([
      ['chatwoot://conversations/{conversation_id}', 'text/markdown'],
      ['chatwoot://contacts/{contact_id}', 'text/markdown'],
    ]);
  });

  it('lists the API description and the recent conversations, without customer-written text', async () => {
    const { resources } = await listResources(support.call);

    expect(resources[0]?.uri).toBe('chatwoot://openapi');
    expect(
      resources
        .slice(1)
        .map((resource) => resource.uri)
        .sort(),
    ).toEqual([1, 2, 3, conversationId].map((id) => `chatwoot://conversations/${id}`).sort());
    expect(resources.find((resource) => resource.uri === 'chatwoot://conversations/1')).toMatchObject({
      name: 'conversation-1',
      title: 'Conversation 1',
      mimeType: 'text/markdown',
      description: expect.stringMatching(/^open · inbox 1 · last activity \d{4}-\d\d-\d\dT[\d:]+Z$/),
    });
    expect(JSON.stringify(resources)).not.toContain('Jane');
  });

  it('reads a conversation as its transcript', async () => {
    const content = await read('chatwoot://conversations/2');

    expect(content.mimeType).toBe('text/markdown');
    expect(outsideUntrustedBlocks(content.text)).toContain('# Chatwoot conversation 2\n\n');
    expect(untrustedBlocks(content.text)).toContain('The mobile app crashes every time I upload a photo.');
    expect(content.text).toContain('- Messages: 4 shown, the whole history');
  });

  it('reads a contact as its profile, customer-provided fields fenced', async () => {
    const content = await read('chatwoot://contacts/1');

    expect(outsideUntrustedBlocks(content.text)).toContain('# Chatwoot contact 1\n\n');
    expect(outsideUntrustedBlocks(content.text)).not.toContain('Jane');
    expect(untrustedBlocks(content.text)[0]).toContain(
      'name: "Jane Cooper"\nemail: "jane.cooper@example.com"',
    );
    expect(untrustedBlocks(content.text)[0]).toContain('custom_attributes.plan: "enterprise"');
  });

  it('reads the openapi.json the tools are built from', async () => {
    const content = await read('chatwoot://openapi');

    expect(content.mimeType).toBe('application/json');
    expect(content.text).toBe(readFileSync(packageFile('openapi.json'), 'utf8'));
  });

  it('says which conversation or contact does not exist', async () => {
    await expect(readResource('chatwoot://conversations/999', support.call)).rejects.toThrow(
      /^Conversation 999 not found: Chatwoot answered HTTP 404/,
    );
    const missing = readResource('chatwoot://contacts/999', support.call);
    await expect(missing).rejects.toBeInstanceOf(SupportNotFoundError);
    await expect(missing).rejects.toThrow(/^Contact 999 not found: /);
  });

  it('refuses a malformed id and names the URIs it serves for an unknown one', async () => {
    await expect(readResource('chatwoot://conversations/abc', support.call)).rejects.toBeInstanceOf(
      SupportArgumentError,
    );
    await expect(readResource('chatwoot://inboxes/1', support.call)).rejects.toThrow(
      'Unknown resource "chatwoot://inboxes/1". This server serves chatwoot://openapi, chatwoot://conversations/{conversation_id} and chatwoot://contacts/{contact_id}.',
    );
  });
});

describe('toMcpError', () => {
  it('maps a missing thing to -32002 for resources and to invalid params for prompts', () => {
    const missing = new SupportNotFoundError('Conversation 9 not found: …');
    expect(toMcpError(missing, 'resource').code).toBe(RESOURCE_NOT_FOUND);
    expect(toMcpError(missing, 'prompt').code).toBe(-32602);
    expect(toMcpError(new SupportArgumentError('bad'), 'resource').code).toBe(-32602);
    expect(toMcpError(new Error('Chatwoot is down'), 'prompt')).toMatchObject({
      code: -32603,
      message: 'MCP error -32603: Chatwoot is down',
    });
  });
});

describe('the conversation resource over a long conversation', () => {
  const uri = () => `chatwoot://conversations/${conversationId}`;

  it('holds every message once, in order, and says the history is whole', async () => {
    const { contents: parts } = await readResource(uri(), support.call);
    const text = (parts[0] as { text: string }).text;

    const positions = expected(1, COUNT).map((content) => text.indexOf(content));
    expect(expected(1, COUNT).every((content) => text.split(content).length === 2)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(text).toContain(`- Messages: ${COUNT} shown, the whole history`);
    expect(text).not.toContain('stopped early');
  });

  it('stops at a small budget and tells how to read further back', async () => {
    const { contents: parts } = await readResource(uri(), support.call, { maxMessages: 30 });
    const text = (parts[0] as { text: string }).text;

    expect(text).not.toContain(`message ${COUNT - 30} of`);
    expect(text).toContain(`message ${COUNT - 29} of`);
    expect(text).toContain('- Messages: 30 shown, not the whole history (see the end)');
    expect(text).toMatch(
      new RegExp(
        `\\*\\*The history stopped early:\\*\\* only the latest 30 messages fit the budget of 30 messages\\. .*call list_messages with conversation_id ${conversationId} and before \\d+\\.$`,
      ),
    );
  });
});
