import { accountOf, agentOnly, type Ctx, currentUser } from '../context.js';
import { type Dict, int, str, strings } from '../params.js';
import type { Conversation } from '../store/types.js';

const PRIORITY_RANK: Record<string, number> = { urgent: 4, high: 3, medium: 2, low: 1 };

type Sorter = (a: Conversation, b: Conversation) => number;
const SORTS: Record<string, Sorter> = {
  latest: (a, b) => b.last_activity_at - a.last_activity_at,
  last_activity_at_desc: (a, b) => b.last_activity_at - a.last_activity_at,
  last_activity_at_asc: (a, b) => a.last_activity_at - b.last_activity_at,
  sort_on_created_at: (a, b) => a.created_at - b.created_at,
  created_at_asc: (a, b) => a.created_at - b.created_at,
  created_at_desc: (a, b) => b.created_at - a.created_at,
  sort_on_priority: (a, b) => rank(b) - rank(a),
  priority_desc: (a, b) => rank(b) - rank(a),
  priority_asc: (a, b) => rank(a) - rank(b),
  sort_on_waiting_since: (a, b) => (a.waiting_since ?? Infinity) - (b.waiting_since ?? Infinity),
  waiting_since_asc: (a, b) => (a.waiting_since ?? Infinity) - (b.waiting_since ?? Infinity),
  waiting_since_desc: (a, b) => (b.waiting_since ?? -Infinity) - (a.waiting_since ?? -Infinity),
};

const rank = (conversation: Conversation): number => PRIORITY_RANK[conversation.priority ?? ''] ?? 0;

export interface Counts {
  mine_count: number;
  unassigned_count: number;
  assigned_count: number;
  all_count: number;
}

/** Chatwoot's conversation finder: every filter but the assignee one, then counts, then the assignee filter. */
export function findConversations(ctx: Ctx, query: Dict): { conversations: Conversation[]; counts: Counts } {
  const account = accountOf(ctx);
  const status = str(query.status) || 'open';
  const inboxId = int(query.inbox_id);
  const teamId = int(query.team_id);
  // ConversationFinder#set_team: teams.find raises for an unknown team.
  if (teamId !== undefined) ctx.store.team(account.id, teamId);
  const labels = strings(query.labels);
  const q = str(query.q)?.trim().toLowerCase();
  // Conversations::PermissionFilterService: an agent finds the conversations of their inboxes.
  const agent = agentOnly(ctx);
  const inboxes = new Set(
    ctx.store.inboxes
      .filter((inbox) => !agent || inbox.member_ids.includes(agent.id))
      .map((inbox) => inbox.id),
  );
  const base = ctx.store.conversations.filter(
    (item) =>
      item.account_id === account.id &&
      inboxes.has(item.inbox_id) &&
      (status === 'all' || item.status === status) &&
      (inboxId === undefined || item.inbox_id === inboxId) &&
      (teamId === undefined || item.team_id === teamId) &&
      (labels.length === 0 || labels.some((label) => item.labels.includes(label))) &&
      (!q || matches(ctx, item, q)) &&
      ofType(item, str(query.conversation_type)),
  );
  const me = currentUser(ctx)?.id;
  const mine = (item: Conversation) => me !== undefined && item.assignee_id === me;
  const counts = {
    mine_count: base.filter(mine).length,
    unassigned_count: base.filter((item) => item.assignee_id === null).length,
    assigned_count: base.filter((item) => item.assignee_id !== null).length,
    all_count: base.length,
  };
  const assigneeType = str(query.assignee_type) ?? 'all';
  const byAssignee = base.filter((item) => {
    if (assigneeType === 'me') return mine(item);
    if (assigneeType === 'unassigned') return item.assignee_id === null;
    if (assigneeType === 'assigned') return item.assignee_id !== null;
    return true;
  });
  const sorter = SORTS[str(query.sort_by) ?? 'latest'] ?? SORTS.latest;
  return { conversations: byAssignee.sort(sorter), counts };
}

function matches(ctx: Ctx, conversation: Conversation, q: string): boolean {
  if (String(conversation.display_id) === q) return true;
  const contact = ctx.store.contacts.find((item) => item.id === conversation.contact_id);
  const fields = [contact?.name, contact?.email, contact?.phone_number, contact?.identifier];
  if (fields.some((value) => value?.toLowerCase().includes(q))) return true;
  return ctx.store
    .messagesOf(conversation.id)
    .some((message) => message.content?.toLowerCase().includes(q) && message.message_type !== 2);
}

export function conversationAttribute(conversation: Conversation, key: string): unknown {
  switch (key) {
    case 'status':
    case 'assignee_id':
    case 'inbox_id':
    case 'team_id':
    case 'display_id':
    case 'labels':
    case 'priority':
    case 'contact_id':
    case 'created_at':
    case 'last_activity_at':
      return conversation[key];
    case 'browser_language':
    case 'referer':
    case 'conversation_language':
      return conversation.additional_attributes[key];
    default:
      return conversation.custom_attributes[key] ?? conversation.additional_attributes[key];
  }
}

/**
 * ConversationFinder#filter_by_conversation_type. The sandbox keeps no mentions or participants, so those two
 * types find nothing; unattended is Conversation.unattended (no first reply yet, or waiting on a reply).
 */
function ofType(conversation: Conversation, type: string | undefined): boolean {
  if (type === 'mention' || type === 'participating') return false;
  if (type === 'unattended')
    return conversation.first_reply_created_at === null || conversation.waiting_since !== null;
  return true;
}
