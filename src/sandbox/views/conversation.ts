import type { Env } from '../context.js';
import type { Dict } from '../params.js';
import type { Conversation, Message } from '../store/types.js';
import { contactRecord, contactView } from './contact.js';
import { messageView, publicMessageView, unreadCount } from './message.js';
import { agentView, teamView } from './people.js';

export function conversationView(env: Env, conversation: Conversation): Dict {
  const { store } = env;
  const contact = store.contact(conversation.account_id, conversation.contact_id);
  const inbox = store.inbox(conversation.account_id, conversation.inbox_id);
  const messages = store.messagesOf(conversation.id);
  const last = messages[messages.length - 1];
  const lastReal = [...messages].reverse().find((item: Message) => item.message_type !== 2);
  const meta: Dict = { sender: contactView(env, contact, false), channel: inbox.channel_type };
  const assignee =
    conversation.assignee_id === null
      ? undefined
      : store.membership(conversation.account_id, conversation.assignee_id);
  if (assignee) meta.assignee = agentView(env, assignee);
  const team = store.teams.find((item) => item.id === conversation.team_id);
  if (team) meta.team = teamView(team);
  meta.hmac_verified = store.contactInbox(conversation.contact_inbox_id)?.hmac_verified ?? false;
  return {
    meta,
    id: conversation.display_id,
    messages: last ? [messageView(env, last, conversation)] : [],
    account_id: conversation.account_id,
    uuid: conversation.uuid,
    additional_attributes: conversation.additional_attributes,
    agent_last_seen_at: conversation.agent_last_seen_at,
    assignee_last_seen_at: conversation.assignee_last_seen_at,
    can_reply: true,
    contact_last_seen_at: conversation.contact_last_seen_at,
    custom_attributes: conversation.custom_attributes,
    inbox_id: conversation.inbox_id,
    labels: conversation.labels,
    muted: conversation.muted ?? false,
    snoozed_until: conversation.snoozed_until,
    status: conversation.status,
    created_at: conversation.created_at,
    updated_at: conversation.updated_at,
    timestamp: conversation.last_activity_at,
    first_reply_created_at: conversation.first_reply_created_at ?? 0,
    unread_count: unreadCount(env, conversation),
    last_non_activity_message: lastReal ? messageView(env, lastReal, conversation) : null,
    last_activity_at: conversation.last_activity_at,
    priority: conversation.priority,
    waiting_since: conversation.waiting_since ?? 0,
    sla_policy_id: null,
  };
}

/** Messages an end customer may see: no private notes, no activity lines. */
export function visibleMessages(env: Env, conversation: Conversation): Message[] {
  return env.store.messagesOf(conversation.id).filter((item) => !item.private && item.message_type !== 2);
}

export function publicConversationView(env: Env, conversation: Conversation): Dict {
  const contact = env.store.contact(conversation.account_id, conversation.contact_id);
  return {
    id: conversation.display_id,
    uuid: conversation.uuid,
    inbox_id: conversation.inbox_id,
    contact_last_seen_at: conversation.contact_last_seen_at,
    status: conversation.status,
    agent_last_seen_at: conversation.agent_last_seen_at,
    messages: visibleMessages(env, conversation).map((item) => publicMessageView(env, item, conversation)),
    contact: contactRecord(contact),
  };
}
