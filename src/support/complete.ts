import type { CompleteResult } from '@modelcontextprotocol/sdk/types.js';
import type { ToolCall } from './call.js';
import { id, list, payloadOf, record } from './shapes.js';
import { TRIAGE_STATUSES } from './triage.js';

const MAX_VALUES = 100;

/** Which argument each prompt and resource template has that is worth completing. */
const COMPLETABLE: Record<string, string[]> = {
  draft_reply: ['conversation_id'],
  summarize_conversation: ['conversation_id'],
  triage_conversations: ['inbox_id', 'status'],
  'chatwoot://conversations/{conversation_id}': ['conversation_id'],
  'chatwoot://contacts/{contact_id}': ['contact_id'],
};

/**
 * Values for completion/complete. `ref` is a prompt name (ref/prompt) or a resource template URI
 * (ref/resource); ids come from the account's most recent conversations, inboxes or contacts.
 */
export async function complete(
  ref: string,
  argumentName: string,
  prefix: string,
  call: ToolCall,
): Promise<CompleteResult['completion']> {
  if (!COMPLETABLE[ref]?.includes(argumentName)) return { values: [] };
  const candidates = await candidatesFor(argumentName, call);
  const values = [...new Set(candidates)].filter((value) => value.startsWith(prefix.trim()));
  return { values: values.slice(0, MAX_VALUES), total: values.length, hasMore: values.length > MAX_VALUES };
}

async function candidatesFor(argumentName: string, call: ToolCall): Promise<string[]> {
  switch (argumentName) {
    case 'conversation_id':
      return idsOf(await call('list_conversations', { status: 'all', page: 1 }));
    case 'inbox_id':
      return idsOf(await call('list_inboxes', {}));
    case 'contact_id':
      return idsOf(await call('list_contacts', { sort: '-last_activity_at', page: 1 }));
    case 'status':
      return [...TRIAGE_STATUSES];
    default:
      return [];
  }
}

const idsOf = (reply: unknown): string[] =>
  list(payloadOf(reply))
    .map((row) => id(record(row).id))
    .filter((value) => value !== undefined)
    .map(String);
