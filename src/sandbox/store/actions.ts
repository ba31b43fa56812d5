import { randomUUID } from 'node:crypto';
import { now } from '../clock.js';
import { HttpError } from '../errors.js';
import type { UploadedFile } from '../multipart.js';
import type { Dict } from '../params.js';
import type { Store } from './store.js';
import type {
  Account,
  Attachment,
  Contact,
  ContactInbox,
  Conversation,
  ConversationStatus,
  Inbox,
  Message,
  SenderRef,
} from './types.js';

const EMAIL = /^[^@\s]+@[^@\s]+$/;
const E164 = /^\+[1-9]\d{1,14}$/;

export function checkContact(
  store: Store,
  accountId: number,
  fields: Partial<Contact>,
  selfId?: number,
): void {
  const others = store.contacts.filter((item) => item.account_id === accountId && item.id !== selfId);
  const errors: Array<[string, string]> = [];
  const email = fields.email?.toLowerCase();
  if (email && !EMAIL.test(email)) errors.push(['email', 'Email is invalid']);
  else if (email && others.some((item) => item.email?.toLowerCase() === email)) {
    errors.push(['email', 'Email has already been taken']);
  }
  const phone = fields.phone_number;
  if (phone && !E164.test(phone)) errors.push(['phone_number', 'Phone number should be in e164 format']);
  else if (phone && others.some((item) => item.phone_number === phone)) {
    errors.push(['phone_number', 'Phone number has already been taken']);
  }
  const identifier = fields.identifier;
  if (identifier && others.some((item) => item.identifier === identifier)) {
    errors.push(['identifier', 'Identifier has already been taken']);
  }
  if (errors.length > 0) {
    throw new HttpError(422, {
      message: errors.map(([, message]) => message).join(', '),
      attributes: errors.map(([attribute]) => attribute),
    });
  }
}

export function addContact(store: Store, account: Account, fields: Partial<Contact>): Contact {
  checkContact(store, account.id, fields);
  const time = now();
  const contact: Contact = {
    id: store.nextId('contact'),
    account_id: account.id,
    name: '',
    email: null,
    phone_number: null,
    identifier: null,
    blocked: false,
    avatar_url: '',
    additional_attributes: {},
    custom_attributes: {},
    labels: [],
    created_at: time,
    updated_at: time,
    last_activity_at: null,
    ...fields,
  };
  store.contacts.push(contact);
  return contact;
}

export function addContactInbox(
  store: Store,
  contact: Contact,
  inbox: Inbox,
  sourceId?: string,
): ContactInbox {
  const existing = store.contactInboxes.find(
    (item) => item.contact_id === contact.id && item.inbox_id === inbox.id,
  );
  if (existing && (sourceId === undefined || existing.source_id === sourceId)) return existing;
  const source =
    sourceId ?? (inbox.channel_type === 'Channel::Email' && contact.email ? contact.email : randomUUID());
  if (store.contactInboxes.some((item) => item.inbox_id === inbox.id && item.source_id === source)) {
    throw new HttpError(422, { message: 'Source has already been taken', attributes: ['source_id'] });
  }
  const contactInbox: ContactInbox = {
    id: store.nextId('contact_inbox'),
    contact_id: contact.id,
    inbox_id: inbox.id,
    source_id: source,
    pubsub_token: store.token(),
    hmac_verified: false,
    created_at: now(),
  };
  store.contactInboxes.push(contactInbox);
  return contactInbox;
}

export interface ConversationInput {
  status?: ConversationStatus;
  assignee_id?: number | null;
  team_id?: number | null;
  custom_attributes?: Dict;
  additional_attributes?: Dict;
  snoozed_until?: number | null;
  priority?: string | null;
}

export function addConversation(
  store: Store,
  contactInbox: ContactInbox,
  input: ConversationInput,
): Conversation {
  const inbox = store.inboxes.find((item) => item.id === contactInbox.inbox_id);
  if (!inbox) throw new HttpError(404, { error: 'Resource could not be found' });
  const displayIds = store.conversations.filter((item) => item.account_id === inbox.account_id);
  const time = now();
  const conversation: Conversation = {
    id: store.nextId('conversation'),
    display_id: Math.max(0, ...displayIds.map((item) => item.display_id)) + 1,
    account_id: inbox.account_id,
    inbox_id: inbox.id,
    contact_id: contactInbox.contact_id,
    contact_inbox_id: contactInbox.id,
    uuid: randomUUID(),
    status: input.status ?? 'open',
    priority: input.priority ?? null,
    assignee_id: input.assignee_id ?? null,
    team_id: input.team_id ?? null,
    labels: [],
    custom_attributes: input.custom_attributes ?? {},
    additional_attributes: input.additional_attributes ?? {},
    snoozed_until: input.snoozed_until ?? null,
    created_at: time,
    updated_at: time,
    last_activity_at: time,
    agent_last_seen_at: 0,
    assignee_last_seen_at: 0,
    contact_last_seen_at: 0,
    first_reply_created_at: null,
    waiting_since: time,
  };
  store.conversations.push(conversation);
  store.changed({ event: 'conversation_created', conversation });
  return conversation;
}

export interface MessageInput {
  content: string | null;
  message_type: number;
  sender: SenderRef;
  private?: boolean;
  content_type?: string;
  content_attributes?: Dict;
  echo_id?: string | null;
  source_id?: string | null;
  files?: UploadedFile[];
  created_at?: number;
}

export function addMessage(store: Store, conversation: Conversation, input: MessageInput): Message {
  const time = input.created_at ?? now();
  const id = store.nextId('message');
  const message: Message = {
    id,
    account_id: conversation.account_id,
    inbox_id: conversation.inbox_id,
    conversation_id: conversation.id,
    content: input.content,
    message_type: input.message_type,
    content_type: input.content_type ?? 'text',
    content_attributes: input.content_attributes ?? {},
    additional_attributes: {},
    external_source_ids: {},
    private: input.private ?? false,
    status: 'sent',
    source_id: input.source_id ?? null,
    echo_id: input.echo_id ?? null,
    sender: input.sender,
    attachments: (input.files ?? []).map((file) => toAttachment(store, file, id, conversation.account_id)),
    created_at: time,
    updated_at: time,
  };
  store.messages.push(message);
  const previous = conversation.status;
  touchConversation(store, conversation, message);
  store.changed({ event: 'message_created', conversation, message });
  if (conversation.status !== previous)
    store.changed({ event: 'conversation_status_changed', conversation, previous });
  return message;
}

function touchConversation(store: Store, conversation: Conversation, message: Message): void {
  conversation.updated_at = message.created_at;
  if (message.message_type === 2) return;
  conversation.last_activity_at = message.created_at;
  if (message.message_type === 0) {
    conversation.waiting_since ??= message.created_at;
    const reopens =
      conversation.status === 'snoozed' || (conversation.status === 'resolved' && !conversation.muted);
    if (reopens) conversation.status = 'open';
    const contact = store.contacts.find((item) => item.id === conversation.contact_id);
    if (contact) contact.last_activity_at = message.created_at;
  } else if (message.message_type === 1 && !message.private && message.sender?.type !== 'agent_bot') {
    conversation.first_reply_created_at ??= message.created_at;
    conversation.waiting_since = null;
  }
}

function toAttachment(store: Store, file: UploadedFile, messageId: number, accountId: number): Attachment {
  return {
    id: store.nextId('attachment'),
    message_id: messageId,
    account_id: accountId,
    file_name: file.filename,
    content_type: file.contentType,
    file_type: fileTypeOf(file.contentType),
    data: file.data,
  };
}

export function fileTypeOf(contentType: string): string {
  const kind = contentType.split('/')[0];
  return kind === 'image' || kind === 'audio' || kind === 'video' ? kind : 'file';
}

export function removeContact(store: Store, contact: Contact): void {
  const conversationIds = new Set(
    store.conversations.filter((item) => item.contact_id === contact.id).map((item) => item.id),
  );
  remove(store.messages, (item) => conversationIds.has(item.conversation_id));
  remove(store.conversations, (item) => conversationIds.has(item.id));
  remove(store.contactInboxes, (item) => item.contact_id === contact.id);
  remove(store.contacts, (item) => item.id === contact.id);
}

export function remove<T>(items: T[], predicate: (item: T) => boolean): void {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item !== undefined && predicate(item)) items.splice(i, 1);
  }
}
