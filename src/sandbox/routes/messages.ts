import { isoTime, now } from '../clock.js';
import { accountOf, type Ctx, ok, param } from '../context.js';
import { failure, HttpError, invalid, must } from '../errors.js';
import type { UploadedFile } from '../multipart.js';
import { messageWindow } from '../paging.js';
import { bool, type Dict, int, jsonObject, str } from '../params.js';
import type { Router } from '../router.js';
import { addMessage } from '../store/actions.js';
import type { Conversation, SenderRef } from '../store/types.js';
import { contactSender } from '../views/contact.js';
import { messageView } from '../views/message.js';
import { agentView } from '../views/people.js';
import { CONVERSATIONS, conversationOf } from './conversations.js';

const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'];
const CONTENT_TYPES = new Set([
  'text',
  'input_text',
  'input_textarea',
  'input_email',
  'input_select',
  'cards',
  'form',
  'article',
  'incoming_email',
  'input_csat',
  'integrations',
  'sticker',
]);
const MAX_CONTENT = 150000;

export function messageRoutes(router: Router): void {
  for (const base of [CONVERSATIONS, '/accounts/:account_id/conversations']) {
    router.add('GET', `${base}/:conversation_id/messages`, listMessages);
  }
  router.add('POST', `${CONVERSATIONS}/:conversation_id/messages`, createMessage);
  router.add('DELETE', `${CONVERSATIONS}/:conversation_id/messages/:message_id`, (ctx) => {
    const conversation = conversationOf(ctx);
    const id = param(ctx, 'message_id');
    const message = must(
      ctx.store.messages.find((item) => item.id === id && item.conversation_id === conversation.id),
    );
    message.content = 'This message was deleted';
    message.content_attributes = { ...message.content_attributes, deleted: true };
    message.attachments = [];
    message.updated_at = now();
    return ok(messageView(ctx, message, conversation));
  });
}

function listMessages(ctx: Ctx) {
  const conversation = conversationOf(ctx);
  const contact = ctx.store.contact(conversation.account_id, conversation.contact_id);
  const assignee =
    conversation.assignee_id === null
      ? undefined
      : ctx.store.membership(conversation.account_id, conversation.assignee_id);
  const meta: Dict = {
    labels: conversation.labels,
    additional_attributes: conversation.additional_attributes,
    contact: contactSender(contact),
    agent_last_seen_at: conversation.agent_last_seen_at ? isoTime(conversation.agent_last_seen_at) : null,
    assignee_last_seen_at: conversation.assignee_last_seen_at
      ? isoTime(conversation.assignee_last_seen_at)
      : null,
  };
  if (assignee) meta.assignee = agentView(ctx, assignee);
  const messages = messageWindow(ctx.store.messagesOf(conversation.id), ctx.query);
  return ok({ meta, payload: messages.map((item) => messageView(ctx, item, conversation)) });
}

function createMessage(ctx: Ctx) {
  const conversation = conversationOf(ctx);
  const body = ctx.body;
  const messageType = messageTypeOf(body.message_type);
  const inbox = ctx.store.inbox(accountOf(ctx).id, conversation.inbox_id);
  if (messageType === 0 && inbox.channel_type !== 'Channel::Api') {
    throw failure('Incoming messages are only allowed in Api inboxes');
  }
  const contentType = str(body.content_type) || 'text';
  if (!CONTENT_TYPES.has(contentType))
    throw invalid('content_type', `'${contentType}' is not a valid content_type`);
  const message = addMessage(ctx.store, conversation, {
    ...checkedContent(body, ctx.files),
    message_type: messageType,
    private: bool(body.private) ?? false,
    content_type: contentType,
    content_attributes: {
      ...(jsonObject(body.content_attributes) ?? {}),
      ...(inbox.channel_type === 'Channel::Email' ? emailRecipients(body) : {}),
    },
    echo_id: str(body.echo_id) ?? null,
    source_id: str(body.source_id) ?? null,
    sender: senderFor(ctx, conversation, messageType),
  });
  return ok(messageView(ctx, message, conversation));
}

/** MessageBuilder#process_emails, email inboxes only: comma-separated addresses, each one checked. */
function emailRecipients(body: Dict): Dict {
  const recipients: Dict = {};
  for (const key of ['cc_emails', 'bcc_emails', 'to_emails']) {
    const addresses = (str(body[key]) ?? '').replace(/\s+/g, '').split(',').filter(Boolean);
    if (addresses.some((address) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)))
      throw failure('Invalid email address');
    recipients[key] = addresses;
  }
  return recipients;
}

/** Content and uploaded `attachments[]`; one of the two must be there. */
export function checkedContent(
  body: Dict,
  files: UploadedFile[],
): { content: string | null; files: UploadedFile[] } {
  const attachments = files.filter((file) => file.field.startsWith('attachments'));
  const content = str(body.content) ?? null;
  if ((content === null || content.trim() === '') && attachments.length === 0) {
    throw new HttpError(422, { message: "Content can't be blank", attributes: ['content'] });
  }
  if (content && content.length > MAX_CONTENT) {
    throw invalid('content', `Content is too long (maximum is ${MAX_CONTENT} characters)`);
  }
  return { content: content === '' ? null : content, files: attachments };
}

function messageTypeOf(value: unknown): number {
  if (value === undefined || value === null || value === '') return 1;
  const index = int(value);
  const type = index !== undefined ? index : MESSAGE_TYPES.indexOf(str(value) ?? '');
  if (type < 0 || type >= MESSAGE_TYPES.length) {
    throw invalid('message_type', `'${String(value)}' is not a valid message_type`);
  }
  return type;
}

function senderFor(ctx: Ctx, conversation: Conversation, messageType: number): SenderRef {
  if (messageType === 0) return { type: 'contact', id: conversation.contact_id };
  if (ctx.principal.kind === 'bot') return { type: 'agent_bot', id: ctx.principal.bot.id };
  if (ctx.principal.kind === 'user') return { type: 'user', id: ctx.principal.user.id };
  return null;
}
