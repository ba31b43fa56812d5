import { accountOf, type Ctx, currentUser, empty, ok, param } from '../context.js';
import { invalid, must } from '../errors.js';
import { dict, str } from '../params.js';
import type { Router } from '../router.js';
import type { Contact, Row } from '../store/types.js';
import { agentView } from '../views/people.js';

const NOTES = '/api/v1/accounts/:account_id/contacts/:contact_id/notes';

/** Agents' private notes on a contact, newest first. */
export function noteRoutes(router: Router): void {
  router.add('GET', NOTES, (ctx) => {
    const contact = contactOf(ctx);
    const notes = ctx.store.table('notes').filter((row) => row.contact_id === contact.id);
    return ok(
      [...notes]
        .sort((a, b) => Number(b.created_at) - Number(a.created_at) || b.id - a.id)
        .map((row) => noteView(ctx, row)),
    );
  });
  router.add('GET', `${NOTES}/:id`, (ctx) => ok(noteView(ctx, noteOf(ctx))));
  router.add('POST', NOTES, (ctx) => {
    const contact = contactOf(ctx);
    const time = Math.floor(Date.now() / 1000);
    const row: Row = {
      id: ctx.store.nextId('notes'),
      account_id: contact.account_id,
      contact_id: contact.id,
      user_id: currentUser(ctx)?.id ?? null,
      content: contentOf(ctx),
      created_at: time,
      updated_at: time,
    };
    ctx.store.table('notes').push(row);
    return ok(noteView(ctx, row));
  });
  const update = (ctx: Ctx) => {
    const row = noteOf(ctx);
    row.content = contentOf(ctx);
    row.updated_at = Math.floor(Date.now() / 1000);
    return ok(noteView(ctx, row));
  };
  router.add('PATCH', `${NOTES}/:id`, update);
  router.add('PUT', `${NOTES}/:id`, update);
  router.add('DELETE', `${NOTES}/:id`, (ctx) => {
    const row = noteOf(ctx);
    const table = ctx.store.table('notes');
    table.splice(table.indexOf(row), 1);
    return empty();
  });
}

function contactOf(ctx: Ctx): Contact {
  return ctx.store.contact(accountOf(ctx).id, param(ctx, 'contact_id'));
}

function noteOf(ctx: Ctx): Row {
  const contact = contactOf(ctx);
  const id = param(ctx, 'id');
  return must(ctx.store.table('notes').find((row) => row.contact_id === contact.id && row.id === id));
}

/** `params.require(:note)`: a missing note is Rails' 400-turned-422; blank content fails validation. */
function contentOf(ctx: Ctx): string {
  if (!('note' in ctx.body)) throw invalid('note', 'param is missing or the value is empty: note');
  const content = str(dict(ctx.body.note).content)?.trim();
  if (!content) throw invalid('content', "Content can't be blank");
  return content;
}

function noteView(ctx: Ctx, row: Row): Record<string, unknown> {
  const member =
    typeof row.user_id === 'number' ? ctx.store.membership(row.account_id, row.user_id) : undefined;
  return {
    id: row.id,
    content: row.content,
    account_id: row.account_id,
    contact_id: row.contact_id,
    ...(member ? { user: agentView(ctx, member) } : {}),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
