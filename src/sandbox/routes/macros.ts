import { now } from '../clock.js';
import { accountOf, type Ctx, currentUser, empty, ok, param } from '../context.js';
import { failure, invalid, must } from '../errors.js';
import { int, ints, isDict, list, str, strings } from '../params.js';
import type { Router } from '../router.js';
import { addMessage } from '../store/actions.js';
import type { Conversation, Row } from '../store/types.js';
import { agentView } from '../views/people.js';

const MACROS = '/api/v1/accounts/:account_id/macros';
const ONE = `${MACROS}/:id`;
export const MACRO_ACTIONS = [
  'send_message',
  'add_label',
  'assign_team',
  'assign_agent',
  'mute_conversation',
  'change_status',
  'remove_label',
  'remove_assigned_agent',
  'remove_assigned_team',
  'resolve_conversation',
  'snooze_conversation',
  'change_priority',
  'send_email_transcript',
  'send_attachment',
  'add_private_note',
  'send_webhook_event',
];

/** Macros: personal ones seen by their author only, global ones by everybody; execute runs the steps in order. */
export function macroRoutes(router: Router): void {
  router.add('GET', MACROS, (ctx) => ok({ payload: visible(ctx).map((row) => macroView(ctx, row)) }));
  router.add('GET', ONE, (ctx) => ok({ payload: macroView(ctx, macroOf(ctx)) }));
  router.add('POST', MACROS, (ctx) => {
    const user = currentUser(ctx);
    const row: Row = {
      id: ctx.store.nextId('macros'),
      account_id: accountOf(ctx).id,
      name: str(ctx.body.name)?.trim() ?? '',
      visibility: visibilityOf(ctx),
      actions: actionsOf(ctx.body.actions),
      created_by_id: user?.id ?? null,
      updated_by_id: user?.id ?? null,
    };
    if (!row.name) throw invalid('name', "Name can't be blank");
    ctx.store.table('macros').push(row);
    return ok({ payload: macroView(ctx, row) });
  });
  const update = (ctx: Ctx) => {
    const row = macroOf(ctx);
    const name = str(ctx.body.name)?.trim();
    if ('name' in ctx.body && !name) throw invalid('name', "Name can't be blank");
    if (name) row.name = name;
    if ('visibility' in ctx.body) row.visibility = visibilityOf(ctx);
    if ('actions' in ctx.body) row.actions = actionsOf(ctx.body.actions);
    row.updated_by_id = currentUser(ctx)?.id ?? null;
    return ok({ payload: macroView(ctx, row) });
  };
  router.add('PATCH', ONE, update);
  router.add('PUT', ONE, update);
  router.add('DELETE', ONE, (ctx) => {
    const row = macroOf(ctx);
    const rows = ctx.store.table('macros');
    rows.splice(rows.indexOf(row), 1);
    return empty();
  });
  router.add('POST', `${ONE}/execute`, (ctx) => {
    const row = macroOf(ctx);
    const account = accountOf(ctx);
    const ids = new Set(ints(ctx.body.conversation_ids));
    for (const conversation of ctx.store.conversations) {
      if (conversation.account_id === account.id && ids.has(conversation.display_id))
        run(ctx, row, conversation);
    }
    return empty();
  });
}

function visible(ctx: Ctx): Row[] {
  const account = accountOf(ctx);
  const me = currentUser(ctx)?.id;
  return ctx.store
    .table('macros')
    .filter(
      (row) => row.account_id === account.id && (row.visibility === 'global' || row.created_by_id === me),
    );
}

/** Chatwoot finds any macro of the account, then its policy refuses another agent's personal macro. */
function macroOf(ctx: Ctx): Row {
  const id = param(ctx, 'id');
  const row = must(
    ctx.store.table('macros').find((item) => item.id === id && item.account_id === accountOf(ctx).id),
  );
  if (!visible(ctx).includes(row)) throw failure('You are not authorized to do this action', 401);
  return row;
}

/** Agents may only keep personal macros; administrators choose. */
function visibilityOf(ctx: Ctx): string {
  const user = currentUser(ctx);
  const admin = user && ctx.store.membership(accountOf(ctx).id, user.id)?.role === 'administrator';
  const wanted = str(ctx.body.visibility) ?? 'personal';
  if (!['personal', 'global'].includes(wanted))
    throw invalid('visibility', `'${wanted}' is not a valid visibility`);
  return admin ? wanted : 'personal';
}

function actionsOf(value: unknown): Row['actions'] {
  const actions = list(value).filter(isDict);
  const unknown = actions
    .map((action) => str(action.action_name) ?? '')
    .filter((name) => !MACRO_ACTIONS.includes(name));
  if (unknown.length > 0)
    throw invalid('actions', `Actions Macro execution actions ${unknown.join(',')} not supported.`);
  return actions.map((action) => ({
    action_name: action.action_name,
    action_params: list(action.action_params),
  }));
}

function macroView(ctx: Ctx, row: Row): Record<string, unknown> {
  const person = (id: unknown) => {
    const member = typeof id === 'number' ? ctx.store.membership(row.account_id, id) : undefined;
    return member ? agentView(ctx, member) : undefined;
  };
  return {
    id: row.id,
    name: row.name,
    visibility: row.visibility,
    created_by: person(row.created_by_id),
    updated_by: person(row.updated_by_id),
    account_id: row.account_id,
    actions: row.actions,
  };
}

/** Macros::ExecutionService: each step in order; a step that fails is skipped, as Chatwoot logs and goes on. */
function run(ctx: Ctx, macro: Row, conversation: Conversation): void {
  const user = currentUser(ctx);
  const sender = user ? ({ type: 'user', id: user.id } as const) : null;
  for (const action of list(macro.actions).filter(isDict)) {
    const params = list(action.action_params);
    switch (action.action_name) {
      case 'add_label':
        conversation.labels = [...new Set([...conversation.labels, ...strings(params)])];
        break;
      case 'remove_label':
        conversation.labels = conversation.labels.filter((label) => !strings(params).includes(label));
        break;
      case 'assign_agent': {
        const id = params[0] === 'self' ? user?.id : int(params[0]);
        if (id !== undefined && ctx.store.membership(conversation.account_id, id))
          conversation.assignee_id = id;
        break;
      }
      case 'assign_team': {
        const id = int(params[0]);
        if (ctx.store.teams.some((team) => team.account_id === conversation.account_id && team.id === id))
          conversation.team_id = id ?? null;
        break;
      }
      case 'remove_assigned_agent':
        conversation.assignee_id = null;
        break;
      case 'remove_assigned_team':
        conversation.team_id = null;
        break;
      case 'resolve_conversation':
      case 'mute_conversation':
        conversation.status = 'resolved';
        if (action.action_name === 'mute_conversation') conversation.muted = true;
        break;
      case 'snooze_conversation':
        conversation.status = 'snoozed';
        break;
      case 'change_status': {
        const status = str(params[0]);
        if (status && ['open', 'resolved', 'pending', 'snoozed'].includes(status))
          conversation.status = status as Conversation['status'];
        break;
      }
      case 'change_priority': {
        const priority = str(params[0]);
        conversation.priority = priority === 'nil' || !priority ? null : priority;
        break;
      }
      case 'send_message':
      case 'add_private_note':
        addMessage(ctx.store, conversation, {
          content: str(params[0]) ?? null,
          message_type: 1,
          private: action.action_name === 'add_private_note',
          sender,
        });
        break;
      default:
        // send_email_transcript, send_attachment, send_webhook_event: nothing the sandbox can deliver.
        break;
    }
  }
  conversation.updated_at = now();
}
