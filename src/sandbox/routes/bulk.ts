import { timeOf } from '../clock.js';
import { accountOf, type Ctx, empty, ok } from '../context.js';
import { dict, int, ints, str, strings } from '../params.js';
import type { Router } from '../router.js';
import { removeContact } from '../store/actions.js';
import type { ConversationStatus } from '../store/types.js';

const STATUSES = ['open', 'resolved', 'pending', 'snoozed'];

/**
 * Chatwoot runs bulk actions in a background job and answers 200 with no body; the sandbox applies them at once.
 * An unknown type answers 422 {success: false}, as Chatwoot does.
 */
export function bulkRoutes(router: Router): void {
  router.add('POST', '/api/v1/accounts/:account_id/bulk_actions', (ctx) => {
    const type = str(ctx.body.type) ?? '';
    const kind = type.charAt(0).toUpperCase() + type.slice(1);
    if (kind === 'Conversation') bulkConversations(ctx);
    else if (kind === 'Contact') bulkContacts(ctx);
    else return ok({ success: false }, 422);
    return empty();
  });
}

function bulkConversations(ctx: Ctx): void {
  const account = accountOf(ctx);
  const ids = new Set(ints(ctx.body.ids));
  const fields = dict(ctx.body.fields);
  const labels = dict(ctx.body.labels);
  for (const conversation of ctx.store.conversations) {
    if (conversation.account_id !== account.id || !ids.has(conversation.display_id)) continue;
    const keep = conversation.labels.filter((label) => !strings(labels.remove).includes(label));
    conversation.labels = [...new Set([...keep, ...strings(labels.add)])];
    if (ctx.body.snoozed_until !== undefined) conversation.snoozed_until = timeOf(ctx.body.snoozed_until);
    // The job drops an update Rails refuses (an unknown status) without telling anyone.
    const status = str(fields.status);
    if (status && STATUSES.includes(status)) conversation.status = status as ConversationStatus;
    if ('assignee_id' in fields) {
      const id = int(fields.assignee_id);
      conversation.assignee_id = id !== undefined && ctx.store.membership(account.id, id) ? id : null;
    }
    if ('team_id' in fields) {
      const id = int(fields.team_id);
      conversation.team_id = ctx.store.teams.some((team) => team.account_id === account.id && team.id === id)
        ? (id ?? null)
        : null;
    }
    conversation.updated_at = Math.floor(Date.now() / 1000);
  }
}

function bulkContacts(ctx: Ctx): void {
  const account = accountOf(ctx);
  const ids = new Set(ints(ctx.body.ids));
  const contacts = ctx.store.contacts.filter(
    (contact) => contact.account_id === account.id && ids.has(contact.id),
  );
  if (ctx.body.action_name === 'delete') {
    for (const contact of contacts) removeContact(ctx.store, contact);
    return;
  }
  const add = strings(dict(ctx.body.labels).add).filter(Boolean);
  for (const contact of contacts) contact.labels = [...new Set([...contact.labels, ...add])];
}
