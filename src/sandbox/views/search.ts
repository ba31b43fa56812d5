import type { Env } from '../context.js';
import type { Dict } from '../params.js';
import type { Contact, Conversation } from '../store/types.js';
import { messageView } from './message.js';

/** Chatwoot's search partials: slimmer than the usual views. */
export function searchContactView(contact: Contact): Dict {
  return {
    email: contact.email,
    id: contact.id,
    name: contact.name,
    phone_number: contact.phone_number,
    identifier: contact.identifier,
    additional_attributes: contact.additional_attributes,
    last_activity_at: contact.last_activity_at,
  };
}

export function searchConversationView(env: Env, conversation: Conversation): Dict {
  const { store } = env;
  const first = store.messagesOf(conversation.id)[0];
  const contact = store.contacts.find((item) => item.id === conversation.contact_id);
  const inbox = store.inboxes.find((item) => item.id === conversation.inbox_id);
  const assignee = store.users.find((item) => item.id === conversation.assignee_id);
  const member = assignee ? store.membership(conversation.account_id, assignee.id) : undefined;
  return {
    id: conversation.display_id,
    account_id: conversation.account_id,
    created_at: conversation.created_at,
    message: first ? messageView(env, first, conversation) : {},
    contact: contact ? searchContactView(contact) : {},
    inbox: inbox
      ? { id: inbox.id, channel_id: inbox.channel_id, name: inbox.name, channel_type: inbox.channel_type }
      : {},
    agent:
      assignee && member
        ? {
            id: assignee.id,
            available_name: assignee.display_name || assignee.name,
            email: assignee.email,
            name: assignee.name,
            role: member.role,
          }
        : {},
    additional_attributes: conversation.additional_attributes,
  };
}
