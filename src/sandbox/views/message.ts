import { isoTime } from '../clock.js';
import type { Env } from '../context.js';
import type { Dict } from '../params.js';
import type { Attachment, Conversation, Message } from '../store/types.js';
import { contactSender } from './contact.js';
import { botSender, userSender } from './people.js';

export function attachmentView(env: Env, attachment: Attachment): Dict {
  const dataUrl = `${env.baseUrl}/rails/active_storage/blobs/${attachment.id}/${encodeURIComponent(attachment.file_name)}`;
  const dot = attachment.file_name.lastIndexOf('.');
  return {
    id: attachment.id,
    message_id: attachment.message_id,
    file_type: attachment.file_type,
    account_id: attachment.account_id,
    extension: dot > 0 ? attachment.file_name.slice(dot + 1) : null,
    data_url: dataUrl,
    thumb_url: attachment.file_type === 'image' ? dataUrl : '',
    file_size: attachment.data.length,
    width: null,
    height: null,
    file_name: attachment.file_name,
    content_type: attachment.content_type,
  };
}

export function senderView(env: Env, message: Message): Dict | null {
  const sender = message.sender;
  if (!sender) return null;
  if (sender.type === 'contact') {
    const contact = env.store.contacts.find((item) => item.id === sender.id);
    return contact ? contactSender(contact) : null;
  }
  if (sender.type === 'agent_bot') {
    const bot = env.store.bot(sender.id);
    return bot ? botSender(bot) : null;
  }
  const user = env.store.users.find((item) => item.id === sender.id);
  const member = user ? env.store.membership(message.account_id, user.id) : undefined;
  return user ? userSender(user, member?.availability) : null;
}

const SENDER_TYPES = { contact: 'Contact', user: 'User', agent_bot: 'AgentBot' } as const;

export function messageView(env: Env, message: Message, conversation: Conversation): Dict {
  const contactInbox = env.store.contactInbox(conversation.contact_inbox_id);
  const view: Dict = {
    id: message.id,
    content: message.content,
    account_id: message.account_id,
    inbox_id: message.inbox_id,
    conversation_id: conversation.display_id,
    message_type: message.message_type,
    created_at: message.created_at,
    updated_at: isoTime(message.updated_at),
    private: message.private,
    status: message.status,
    source_id: message.source_id,
    content_type: message.content_type,
    content_attributes: message.content_attributes,
    sender_type: message.sender ? SENDER_TYPES[message.sender.type] : null,
    sender_id: message.sender?.id ?? null,
    external_source_ids: message.external_source_ids,
    additional_attributes: message.additional_attributes,
    processed_message_content: message.content,
    sentiment: {},
    echo_id: message.echo_id,
    conversation: {
      assignee_id: conversation.assignee_id,
      unread_count: unreadCount(env, conversation),
      last_activity_at: conversation.last_activity_at,
      contact_inbox: { source_id: contactInbox?.source_id ?? null },
    },
    sender: senderView(env, message),
  };
  if (message.attachments.length > 0) {
    view.attachments = message.attachments.map((item) => attachmentView(env, item));
  }
  return view;
}

export function publicMessageView(env: Env, message: Message, conversation: Conversation): Dict {
  const view: Dict = {
    id: message.id,
    content: message.content,
    message_type: message.message_type,
    content_type: message.content_type,
    content_attributes: message.content_attributes,
    created_at: message.created_at,
    conversation_id: conversation.display_id,
    echo_id: message.echo_id,
    sender: senderView(env, message),
  };
  if (message.attachments.length > 0) {
    view.attachments = message.attachments.map((item) => attachmentView(env, item));
  }
  return view;
}

export function unreadCount(env: Env, conversation: Conversation): number {
  return env.store
    .messagesOf(conversation.id)
    .filter((item) => item.message_type === 0 && item.created_at > conversation.agent_last_seen_at).length;
}
