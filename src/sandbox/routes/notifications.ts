import { isoTime, now, timeOf } from '../clock.js';
import { accountOf, type Ctx, empty, ok, param } from '../context.js';
import { must, unauthorized } from '../errors.js';
import { int, str, strings } from '../params.js';
import type { Router } from '../router.js';
import type { Row } from '../store/types.js';
import { conversationView } from '../views/conversation.js';
import { userSender } from '../views/people.js';

const NOTIFICATIONS = '/api/v1/accounts/:account_id/notifications';
const ONE = `${NOTIFICATIONS}/:id`;

/** The signed-in user's notifications in this account: unread and not snoozed unless `includes` says so. */
export function notificationRoutes(router: Router): void {
  router.add('GET', NOTIFICATIONS, (ctx) => {
    const found = finder(ctx);
    const order = str(ctx.query.sort_order) === 'asc' ? 1 : -1;
    const page = Math.max(1, int(ctx.query.page) ?? 1);
    const sorted = [...found].sort(
      (a, b) => order * (Number(a.last_activity_at) - Number(b.last_activity_at)),
    );
    return ok({
      data: {
        meta: {
          unread_count: found.filter((row) => !row.read_at).length,
          count: found.length,
          current_page: page,
        },
        payload: sorted.slice((page - 1) * 15, page * 15).map((row) => notificationView(ctx, row)),
      },
    });
  });
  router.add('GET', `${NOTIFICATIONS}/unread_count`, (ctx) =>
    ok(finder(ctx).filter((row) => !row.read_at).length),
  );
  router.add('POST', `${NOTIFICATIONS}/read_all`, (ctx) => {
    const type = str(ctx.body.primary_actor_type);
    const id = int(ctx.body.primary_actor_id);
    for (const row of mine(ctx)) {
      const about =
        !type ||
        !['Conversation', 'Message'].includes(type) ||
        (row.primary_actor_type === type && row.primary_actor_id === id);
      if (about && !row.read_at) row.read_at = isoTime(now());
    }
    return empty();
  });
  router.add('POST', `${NOTIFICATIONS}/destroy_all`, (ctx) => {
    const onlyRead = ctx.body.type === 'read';
    const table = ctx.store.table('notifications');
    for (const row of mine(ctx)) if (!onlyRead || row.read_at) table.splice(table.indexOf(row), 1);
    return empty();
  });
  const read = (ctx: Ctx) => {
    const row = notificationOf(ctx);
    row.read_at = isoTime(now());
    return ok(record(row));
  };
  router.add('PATCH', ONE, read);
  router.add('PUT', ONE, read);
  router.add('POST', `${ONE}/unread`, (ctx) => {
    const row = notificationOf(ctx);
    row.read_at = null;
    return ok(record(row));
  });
  router.add('POST', `${ONE}/snooze`, (ctx) => {
    const row = notificationOf(ctx);
    if (ctx.body.snoozed_until !== undefined) {
      const until = timeOf(ctx.body.snoozed_until);
      row.snoozed_until = until === null ? null : isoTime(until);
      row.meta = { ...(row.meta as object), last_snoozed_at: null };
    }
    return ok(record(row));
  });
  router.add('DELETE', ONE, (ctx) => {
    const row = notificationOf(ctx);
    const table = ctx.store.table('notifications');
    table.splice(table.indexOf(row), 1);
    return empty();
  });
}

function mine(ctx: Ctx): Row[] {
  if (ctx.principal.kind !== 'user') throw unauthorized('You are not authorized to do this action');
  const { user } = ctx.principal;
  const account = accountOf(ctx);
  return ctx.store
    .table('notifications')
    .filter((row) => row.account_id === account.id && row.user_id === user.id);
}

function finder(ctx: Ctx): Row[] {
  const includes = strings(ctx.query.includes);
  return mine(ctx).filter(
    (row) =>
      (includes.includes('snoozed') || !row.snoozed_until) && (includes.includes('read') || !row.read_at),
  );
}

function notificationOf(ctx: Ctx): Row {
  const id = param(ctx, 'id');
  return must(mine(ctx).find((row) => row.id === id));
}

/** `render json: @notification`: the record's own columns. */
function record(row: Row): Record<string, unknown> {
  return { ...row };
}

function notificationView(ctx: Ctx, row: Row): Record<string, unknown> {
  const conversation = ctx.store.conversations.find((item) => item.id === row.primary_actor_id);
  const user = ctx.store.users.find((item) => item.id === row.user_id);
  return {
    id: row.id,
    notification_type: row.notification_type,
    push_message_title: row.push_message_title,
    push_message_body: row.push_message_body ?? null,
    primary_actor_type: row.primary_actor_type,
    primary_actor_id: row.primary_actor_id,
    primary_actor: conversation ? conversationView(ctx, conversation) : null,
    read_at: row.read_at ?? null,
    secondary_actor: null,
    user: user ? userSender(user) : null,
    created_at: row.created_at,
    last_activity_at: row.last_activity_at,
    snoozed_until: row.snoozed_until ?? null,
    meta: row.meta ?? {},
  };
}
