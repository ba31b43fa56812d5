import type { ToolCall } from './call.js';
import { id, type Json, list, record } from './shapes.js';

/** How much of a conversation one read may gather: newest messages first, until either limit. */
export interface HistoryBudget {
  /** Messages at most (default 500: 25 pages of Chatwoot's 20). */
  maxMessages: number;
  /** Characters of message content at most (default 100000, about 25000 tokens). */
  maxCharacters: number;
}

export const DEFAULT_HISTORY_BUDGET: HistoryBudget = { maxMessages: 500, maxCharacters: 100_000 };

export type HistoryStop =
  | { reason: 'max_messages'; limit: number }
  | { reason: 'max_characters'; limit: number; cutMessageId?: number }
  | { reason: 'error'; message: string };

export interface ConversationHistory {
  conversationId: number;
  /** Oldest first, as Chatwoot orders them. */
  messages: Json[];
  /** The `meta` of Chatwoot's latest page: labels, contact, assignee. */
  meta: Json;
  /** Set when older messages exist that were not read. */
  stoppedEarly?: HistoryStop;
}

/**
 * Reads a conversation back to its first message the way Chatwoot pages it: the latest page, then
 * `before` = the smallest id seen, until a page comes back empty or the budget is spent.
 */
export async function fetchHistory(
  call: ToolCall,
  conversationId: number,
  budget: Partial<HistoryBudget> = {},
): Promise<ConversationHistory> {
  const { maxMessages, maxCharacters } = { ...DEFAULT_HISTORY_BUDGET, ...budget };
  const newestFirst: Json[] = [];
  const seen = new Set<number>();
  let characters = 0;
  let meta: Json | undefined;
  let before: number | undefined;

  const finish = (stoppedEarly?: HistoryStop): ConversationHistory => ({
    conversationId,
    messages: newestFirst.reverse(),
    meta: meta ?? {},
    ...(stoppedEarly ? { stoppedEarly } : {}),
  });

  for (;;) {
    let reply: unknown;
    try {
      reply = await call('list_messages', {
        conversation_id: conversationId,
        ...(before === undefined ? {} : { before }),
      });
    } catch (error) {
      if (meta === undefined) throw error;
      return finish({ reason: 'error', message: (error as Error).message });
    }
    meta ??= record(record(reply).meta);
    const page = list(record(reply).payload)
      .map(record)
      .filter((message) => {
        const messageId = id(message.id);
        return messageId !== undefined && !seen.has(messageId);
      });
    if (page.length === 0) return finish();

    for (const message of page.reverse()) {
      if (newestFirst.length >= maxMessages) return finish({ reason: 'max_messages', limit: maxMessages });
      const content = typeof message.content === 'string' ? message.content : '';
      if (characters + content.length > maxCharacters) {
        if (newestFirst.length > 0) return finish({ reason: 'max_characters', limit: maxCharacters });
        newestFirst.push({ ...message, content: content.slice(0, maxCharacters) });
        return finish({ reason: 'max_characters', limit: maxCharacters, cutMessageId: id(message.id) });
      }
      newestFirst.push(message);
      seen.add(id(message.id) as number);
      characters += content.length;
    }
    before = Math.min(...page.map((message) => id(message.id) as number));
  }
}
