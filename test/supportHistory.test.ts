import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ToolCall } from '../src/support/call.js';
import { fetchHistory } from '../src/support/history.js';
import { conversationWithMessages, type SupportSandbox, startSupportSandbox } from './supportSandbox.js';

const COUNT = 250;
let support: SupportSandbox;
let conversationId: number;

beforeAll(async () => {
  support = await startSupportSandbox();
  conversationId = await conversationWithMessages(support.call, COUNT);
});
afterAll(() => support.close());

const contents = (messages: { content?: unknown }[]) => messages.map((message) => message.content);
const expected = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => `message ${from + index} of ${COUNT}`);

describe('fetchHistory', () => {
  it('reads all 250 messages back through Chatwoot paging, oldest first', async () => {
    support.calls.length = 0;
    const history = await fetchHistory(support.call, conversationId);

    expect(contents(history.messages)).toEqual(expected(1, COUNT));
    expect(history.stoppedEarly).toBeUndefined();
    const pages = support.calls.filter((call) => call.name === 'list_messages');
    expect(pages).toHaveLength(Math.ceil(COUNT / 20) + 1);
    expect(pages[0]?.args).toEqual({ conversation_id: conversationId });
    const befores = pages.slice(1).map((page) => page.args.before as number);
    expect(befores).toEqual([...befores].sort((a, b) => b - a));
    expect(befores.at(-1)).toBe(history.messages[0]?.id);
  });

  it('keeps the newest messages and says so when the message budget runs out', async () => {
    const history = await fetchHistory(support.call, conversationId, { maxMessages: 45 });

    expect(contents(history.messages)).toEqual(expected(COUNT - 44, COUNT));
    expect(history.stoppedEarly).toEqual({ reason: 'max_messages', limit: 45 });
  });

  it('is whole when the budget is exactly the conversation', async () => {
    const history = await fetchHistory(support.call, conversationId, { maxMessages: COUNT });

    expect(history.messages).toHaveLength(COUNT);
    expect(history.stoppedEarly).toBeUndefined();
  });

  it('stops at the character budget', async () => {
    const size = `message 250 of ${COUNT}`.length;
    const history = await fetchHistory(support.call, conversationId, { maxCharacters: size * 10 + 5 });

    expect(contents(history.messages)).toEqual(expected(COUNT - 9, COUNT));
    expect(history.stoppedEarly).toEqual({ reason: 'max_characters', limit: size * 10 + 5 });
  });

  it('cuts a newest message larger than the whole character budget rather than show nothing', async () => {
    const history = await fetchHistory(support.call, conversationId, { maxCharacters: 7 });

    expect(contents(history.messages)).toEqual(['message']);
    expect(history.stoppedEarly).toMatchObject({
      reason: 'max_characters',
      cutMessageId: expect.any(Number),
    });
  });

  it('fails with the tool error when the first page cannot be read', async () => {
    await expect(fetchHistory(support.call, 999)).rejects.toThrow(/HTTP 404 to list_messages/);
  });

  it('returns what it read and why it stopped when a later page fails', async () => {
    let pages = 0;
    const flaky: ToolCall = async (name, args) => {
      if (++pages === 3) throw new Error('Chatwoot answered HTTP 503 to list_messages.');
      return support.call(name, args);
    };
    const history = await fetchHistory(flaky, conversationId);

    expect(contents(history.messages)).toEqual(expected(COUNT - 39, COUNT));
    expect(history.stoppedEarly).toEqual({
      reason: 'error',
      message: 'Chatwoot answered HTTP 503 to list_messages.',
    });
  });
});
