import { createHmac } from 'node:crypto';
import { now } from '../clock.js';
import { type Ctx, empty, ok, param } from '../context.js';
import { invalid, must, notFound, unauthorized } from '../errors.js';
import { messageWindow } from '../paging.js';
import { type Dict, dict, isDict, str } from '../params.js';
import type { Router } from '../router.js';
import { addContact, addContactInbox, addConversation, addMessage, checkContact } from '../store/actions.js';
import type { Contact, ContactInbox, Conversation, Inbox } from '../store/types.js';
import { contactRecord, publicContactView } from '../views/contact.js';
import { publicConversationView, visibleMessages } from '../views/conversation.js';
import { publicInboxView } from '../views/inbox.js';
import { publicMessageView } from '../views/message.js';
import { contactFields } from './contacts.js';
import { checkedContent } from './messages.js';

const INBOX = '/public/api/v1/inboxes/:inbox_identifier';
const CONTACT = `${INBOX}/contacts/:contact_identifier`;
const CONVERSATION = `${CONTACT}/conversations/:conversation_id`;

function inboxOf(ctx: Ctx): Inbox {
  const identifier = ctx.params.inbox_identifier;
  return must(
    ctx.store.inboxes.find((item) => item.channel_type === 'Channel::Api' && item.identifier === identifier),
  );
}

function contactInboxOf(ctx: Ctx): { inbox: Inbox; contactInbox: ContactInbox; contact: Contact } {
  const inbox = inboxOf(ctx);
  const sourceId = ctx.params.contact_identifier;
  const contactInbox = must(
    ctx.store.contactInboxes.find((item) => item.inbox_id === inbox.id && item.source_id === sourceId),
  );
  return { inbox, contactInbox, contact: ctx.store.contact(inbox.account_id, contactInbox.contact_id) };
}

function conversationOf(ctx: Ctx): Conversation {
  const { inbox, contactInbox } = contactInboxOf(ctx);
  const conversation = ctx.store.conversation(inbox.account_id, param(ctx, 'conversation_id'));
  if (conversation.contact_inbox_id !== contactInbox.id) throw notFound();
  return conversation;
}

export function clientRoutes(router: Router): void {
  router.add('GET', INBOX, (ctx) => ok(publicInboxView(inboxOf(ctx))));
  router.add('POST', `${INBOX}/contacts`, createContact);
  router.add('GET', CONTACT, (ctx) => {
    const { contact, contactInbox } = contactInboxOf(ctx);
    return ok(publicContactView(contact, contactInbox));
  });
  router.add('PATCH', CONTACT, (ctx) => {
    const { contact } = contactInboxOf(ctx);
    const fields = contactFields(ctx.body, contact);
    checkContact(ctx.store, contact.account_id, { ...contact, ...fields }, contact.id);
    Object.assign(contact, fields, { updated_at: now() });
    return ok(contactRecord(contact));
  });
  router.add('GET', `${CONTACT}/conversations`, (ctx) => {
    const { contactInbox } = contactInboxOf(ctx);
    const conversations = ctx.store.conversations.filter((item) => item.contact_inbox_id === contactInbox.id);
    return ok(conversations.map((item) => publicConversationView(ctx, item)));
  });
  router.add('POST', `${CONTACT}/conversations`, (ctx) => {
    const { contactInbox } = contactInboxOf(ctx);
    const custom = isDict(ctx.body.custom_attributes) ? dict(ctx.body.custom_attributes) : {};
    return ok(
      publicConversationView(ctx, addConversation(ctx.store, contactInbox, { custom_attributes: custom })),
    );
  });
  router.add('GET', CONVERSATION, (ctx) => ok(publicConversationView(ctx, conversationOf(ctx))));
  router.add('POST', `${CONVERSATION}/toggle_status`, (ctx) => {
    const conversation = conversationOf(ctx);
    if (conversation.status !== 'resolved') {
      const previous = conversation.status;
      conversation.status = 'resolved';
      conversation.updated_at = now();
      ctx.store.changed({ event: 'conversation_status_changed', conversation, previous });
    }
    return ok(publicConversationView(ctx, conversation));
  });
  router.add('POST', `${CONVERSATION}/toggle_typing`, (ctx) => {
    conversationOf(ctx);
    const status = str(ctx.body.typing_status ?? ctx.query.typing_status);
    if (status !== 'on' && status !== 'off')
      throw invalid('typing_status', "Typing status must be 'on' or 'off'");
    return empty();
  });
  router.add('POST', `${CONVERSATION}/update_last_seen`, (ctx) => {
    conversationOf(ctx).contact_last_seen_at = now();
    return empty();
  });
  router.add('GET', `${CONVERSATION}/messages`, (ctx) => {
    const conversation = conversationOf(ctx);
    const messages = messageWindow(visibleMessages(ctx, conversation), ctx.query);
    return ok(messages.map((item) => publicMessageView(ctx, item, conversation)));
  });
  router.add('POST', `${CONVERSATION}/messages`, (ctx) => {
    const conversation = conversationOf(ctx);
    const message = addMessage(ctx.store, conversation, {
      ...checkedContent(ctx.body, ctx.files),
      message_type: 0,
      echo_id: str(ctx.body.echo_id) ?? null,
      sender: { type: 'contact', id: conversation.contact_id },
    });
    return ok(publicMessageView(ctx, message, conversation));
  });
  router.add('PATCH', `${CONVERSATION}/messages/:message_id`, (ctx) => {
    const conversation = conversationOf(ctx);
    const id = param(ctx, 'message_id');
    const message = must(visibleMessages(ctx, conversation).find((item) => item.id === id));
    const submitted = ctx.body.submitted_values;
    if (!isDict(submitted) && !Array.isArray(submitted)) {
      throw invalid('submitted_values', "Submitted values can't be blank");
    }
    const attributes: Dict = { ...message.content_attributes, submitted_values: submitted };
    message.content_attributes = attributes;
    message.updated_at = now();
    return ok(publicMessageView(ctx, message, conversation));
  });
}

function createContact(ctx: Ctx) {
  const inbox = inboxOf(ctx);
  const account = ctx.store.account(inbox.account_id);
  const fields = contactFields(ctx.body);
  const hash = str(ctx.body.identifier_hash);
  let verified = false;
  if (hash !== undefined && fields.identifier) {
    const expected = createHmac('sha256', inbox.hmac_token).update(fields.identifier).digest('hex');
    if (expected !== hash) throw unauthorized('HMAC failed: Invalid Identifier Hash Provided');
    verified = true;
  }
  const existing = ctx.store.contacts.find(
    (item) =>
      item.account_id === account.id &&
      ((fields.identifier && item.identifier === fields.identifier) ||
        (fields.email && item.email === fields.email) ||
        (fields.phone_number && item.phone_number === fields.phone_number)),
  );
  const contact = existing ?? addContact(ctx.store, account, { name: '', ...fields });
  const contactInbox = addContactInbox(ctx.store, contact, inbox);
  contactInbox.hmac_verified ||= verified;
  return ok(publicContactView(contact, contactInbox));
}
