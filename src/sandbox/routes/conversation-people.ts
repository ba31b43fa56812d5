import { accountOf, type Ctx, empty, ok } from '../context.js';
import { failure } from '../errors.js';
import { ints } from '../params.js';
import type { Router } from '../router.js';
import type { Conversation, Row } from '../store/types.js';
import { attachmentView, senderView } from '../views/message.js';
import { agentView } from '../views/people.js';
import { CONVERSATIONS, conversationOf } from './conversations.js';

const ONE = `${CONVERSATIONS}/:conversation_id`;
const ATTACHMENTS_PER_PAGE = 100;

/** Participants (agents following a conversation), mute and unmute, and the conversation's files. */
export function conversationPeopleRoutes(router: Router): void {
  router.add('GET', `${ONE}/participants`, (ctx) => ok(participantViews(ctx, conversationOf(ctx))));
  router.add('POST', `${ONE}/participants`, (ctx) => {
    const conversation = conversationOf(ctx);
    const added = userIds(ctx).map(
      (id) =>
        participants(ctx, conversation).find((row) => row.user_id === id) ?? join(ctx, conversation, id),
    );
    return ok(added.flatMap((row) => agentOf(ctx, row)));
  });
  const replace = (ctx: Ctx) => {
    const conversation = conversationOf(ctx);
    const wanted = new Set(userIds(ctx));
    for (const row of participants(ctx, conversation))
      if (!wanted.has(row.user_id as number)) leave(ctx, row);
    const current = new Set(participants(ctx, conversation).map((row) => row.user_id));
    for (const id of wanted) if (!current.has(id)) join(ctx, conversation, id);
    return ok(participantViews(ctx, conversation));
  };
  router.add('PATCH', `${ONE}/participants`, replace);
  router.add('PUT', `${ONE}/participants`, replace);
  router.add('DELETE', `${ONE}/participants`, (ctx) => {
    const conversation = conversationOf(ctx);
    const gone = new Set(userIds(ctx));
    for (const row of participants(ctx, conversation)) if (gone.has(row.user_id as number)) leave(ctx, row);
    return empty();
  });

  router.add('POST', `${ONE}/mute`, (ctx) => {
    const conversation = conversationOf(ctx);
    conversation.status = 'resolved';
    conversation.muted = true;
    return empty();
  });
  router.add('POST', `${ONE}/unmute`, (ctx) => {
    conversationOf(ctx).muted = false;
    return empty();
  });

  router.add('GET', `${ONE}/attachments`, (ctx) => {
    const conversation = conversationOf(ctx);
    const messages = ctx.store.messagesOf(conversation.id);
    const files = messages
      .flatMap((message) => message.attachments.map((attachment) => ({ attachment, message })))
      .sort((a, b) => b.message.created_at - a.message.created_at || b.attachment.id - a.attachment.id);
    const page = Math.max(1, Number.parseInt(String(ctx.query.page ?? '1'), 10) || 1);
    const slice = files.slice((page - 1) * ATTACHMENTS_PER_PAGE, page * ATTACHMENTS_PER_PAGE);
    return ok({
      meta: { total_count: files.length },
      payload: slice.map(({ attachment, message }) => {
        const { message_id, thumb_url, data_url, file_size, file_type, extension, width, height } =
          attachmentView(ctx, attachment);
        const sender = senderView(ctx, message);
        return {
          message_id,
          thumb_url,
          data_url,
          file_size,
          file_type,
          extension,
          width,
          height,
          created_at: message.created_at,
          ...(sender ? { sender } : {}),
        };
      }),
    });
  });
}

/** Rails' strong parameters: user_ids must be there, or the action fails. */
function userIds(ctx: Ctx): number[] {
  if (!Array.isArray(ctx.body.user_ids)) throw new Error('param is missing or the value is empty: user_ids');
  return ints(ctx.body.user_ids);
}

function participants(ctx: Ctx, conversation: Conversation): Row[] {
  return ctx.store
    .table('conversation_participants')
    .filter((row) => row.conversation_id === conversation.id);
}

function join(ctx: Ctx, conversation: Conversation, userId: number): Row {
  const account = accountOf(ctx);
  if (!ctx.store.membership(account.id, userId)) throw failure('Validation failed: User must exist', 422);
  const row: Row = {
    id: ctx.store.nextId('conversation_participants'),
    account_id: account.id,
    conversation_id: conversation.id,
    user_id: userId,
  };
  ctx.store.table('conversation_participants').push(row);
  return row;
}

function leave(ctx: Ctx, row: Row): void {
  const table = ctx.store.table('conversation_participants');
  table.splice(table.indexOf(row), 1);
}

function agentOf(ctx: Ctx, row: Row) {
  const member = ctx.store.membership(row.account_id, row.user_id as number);
  return member ? [agentView(ctx, member)] : [];
}

function participantViews(ctx: Ctx, conversation: Conversation) {
  return participants(ctx, conversation).flatMap((row) => agentOf(ctx, row));
}
