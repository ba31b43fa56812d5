import type { ToolCall } from './call.js';
import { readExisting } from './errors.js';
import { fetchHistory, type HistoryBudget } from './history.js';
import { id, payloadOf, record } from './shapes.js';
import type { ConversationView } from './transcript.js';

/**
 * A conversation with its whole history (within the budget), its inbox and its contact's full profile.
 * The inbox and the profile only add detail: when they cannot be read, the conversation's own data stands.
 */
export async function loadConversation(
  call: ToolCall,
  conversationId: number,
  budget: Partial<HistoryBudget> = {},
): Promise<ConversationView> {
  const conversation = record(
    await readExisting(
      call,
      'get_conversation',
      { conversation_id: conversationId },
      `Conversation ${conversationId}`,
    ),
  );
  const inboxId = id(conversation.inbox_id);
  const contactId = id(record(record(conversation.meta).sender).id);
  const [history, inbox, contact] = await Promise.all([
    fetchHistory(call, conversationId, budget),
    inboxId === undefined ? undefined : optional(call('get_inbox', { inbox_id: inboxId })),
    contactId === undefined ? undefined : optional(call('get_contact', { contact_id: contactId })),
  ]);
  return {
    conversation,
    history,
    inbox: inbox === undefined ? undefined : record(inbox),
    contact: contact === undefined ? undefined : record(payloadOf(contact)),
  };
}

const optional = (reply: Promise<unknown>): Promise<unknown> => reply.catch(() => undefined);
