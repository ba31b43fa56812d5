import { now, timeOf } from '../clock.js';
import { accountOf, agentOnly, type Ctx, ok, param } from '../context.js';
import { crash, failure, invalid, must, notFound, unauthorized } from '../errors.js';
import { applyFilter, customKeys, FILTER_KEYS } from '../filter.js';
import { pageOf } from '../paging.js';
import { type Dict, dict, int, str } from '../params.js';
import type { Router } from '../router.js';
import { addContactInbox, addConversation, addMessage } from '../store/actions.js';
import type { ContactInbox, Conversation, ConversationStatus } from '../store/types.js';
import { conversationView } from '../views/conversation.js';
import { conversationAttribute, findConversations } from './conversation-query.js';

export const CONVERSATIONS = '/api/v1/accounts/:account_id/conversations';
const PER_PAGE = 25;
const STATUSES = new Set(['open', 'resolved', 'pending', 'snoozed']);
const PRIORITIES = new Set(['urgent', 'high', 'medium', 'low']);

export function conversationRoutes(router: Router): void {
  router.add('GET', CONVERSATIONS, (ctx) => {
    const { conversations, counts } = findConversations(ctx, ctx.query);
    const { items } = pageOf(conversations, ctx.query, PER_PAGE);
    return ok({ data: { meta: counts, payload: items.map((item) => conversationView(ctx, item)) } });
  });
  router.add('GET', `${CONVERSATIONS}/meta`, (ctx) => ok({ meta: findConversations(ctx, ctx.query).counts }));
  router.add('POST', `${CONVERSATIONS}/filter`, (ctx) => {
    const account = accountOf(ctx);
    const all = ctx.store.conversations.filter((item) => item.account_id === account.id);
    const keys = customKeys(ctx, 'conversation');
    const matched = applyFilter(all, ctx.body, conversationAttribute, FILTER_KEYS.conversation, keys).sort(
      (a, b) => b.last_activity_at - a.last_activity_at,
    );
    const me = ctx.principal.kind === 'user' ? ctx.principal.user.id : undefined;
    const { items } = pageOf(matched, ctx.query, PER_PAGE);
    return ok({
      meta: {
        mine_count: matched.filter((item) => me !== undefined && item.assignee_id === me).length,
        unassigned_count: matched.filter((item) => item.assignee_id === null).length,
        assigned_count: matched.filter((item) => item.assignee_id !== null).length,
        all_count: matched.length,
      },
      payload: items.map((item) => conversationView(ctx, item)),
    });
  });
  router.add('POST', CONVERSATIONS, createConversation);
  router.add('GET', `${CONVERSATIONS}/:conversation_id`, (ctx) =>
    ok(conversationView(ctx, conversationOf(ctx))),
  );
  const update = (ctx: Ctx) => {
    const conversation = conversationOf(ctx);
    // permitted_update_params: priority only (sla_policy_id in the enterprise edition, which has no SLAs here).
    if ('priority' in ctx.body) conversation.priority = priorityOf(ctx.body.priority);
    conversation.updated_at = now();
    return ok(conversationView(ctx, conversation));
  };
  router.add('PATCH', `${CONVERSATIONS}/:conversation_id`, update);
  router.add('PUT', `${CONVERSATIONS}/:conversation_id`, update);
}

export function conversationOf(ctx: Ctx): Conversation {
  const conversation = ctx.store.conversation(accountOf(ctx).id, param(ctx, 'conversation_id'));
  // ConversationPolicy#show?: an agent needs the conversation's inbox or team.
  const agent = agentOnly(ctx);
  if (agent) {
    const inbox = ctx.store.inboxes.find((item) => item.id === conversation.inbox_id);
    const team = ctx.store.teams.find((item) => item.id === conversation.team_id);
    if (!inbox?.member_ids.includes(agent.id) && !team?.member_ids.includes(agent.id))
      throw unauthorized('You are not authorized to do this action');
  }
  return conversation;
}

export function priorityOf(value: unknown): string | null {
  const priority = str(value);
  if (value === null || priority === undefined || priority === '') return null;
  if (!PRIORITIES.has(priority)) throw crash();
  return priority;
}

export function statusOf(value: unknown): ConversationStatus {
  const status = str(value) ?? '';
  if (!STATUSES.has(status)) throw crash();
  return status as ConversationStatus;
}

function createConversation(ctx: Ctx) {
  const account = accountOf(ctx);
  const body = ctx.body;
  const contactInbox = resolveContactInbox(ctx, body);
  const assigneeId = int(body.assignee_id);
  if (assigneeId !== undefined && !ctx.store.membership(account.id, assigneeId)) {
    throw invalid('assignee_id', 'Assignee is not an agent of this account');
  }
  const teamId = int(body.team_id);
  if (teamId !== undefined) ctx.store.team(account.id, teamId);
  const conversation = addConversation(ctx.store, contactInbox, {
    status: body.status === undefined ? 'open' : statusOf(body.status),
    assignee_id: assigneeId ?? null,
    team_id: teamId ?? null,
    custom_attributes: dict(body.custom_attributes),
    additional_attributes: dict(body.additional_attributes),
    snoozed_until: timeOf(body.snoozed_until),
  });
  const content = str(dict(body.message).content);
  if (content) {
    const sender =
      ctx.principal.kind === 'bot'
        ? ({ type: 'agent_bot', id: ctx.principal.bot.id } as const)
        : ctx.principal.kind === 'user'
          ? ({ type: 'user', id: ctx.principal.user.id } as const)
          : null;
    addMessage(ctx.store, conversation, { content, message_type: 1, sender });
  }
  return ok(conversationView(ctx, conversation));
}

function resolveContactInbox(ctx: Ctx, body: Dict): ContactInbox {
  const account = accountOf(ctx);
  const sourceId = str(body.source_id);
  const inboxId = int(body.inbox_id);
  const contactId = int(body.contact_id);
  if (sourceId) {
    const found = ctx.store.contactInboxes.find(
      (item) =>
        item.source_id === sourceId &&
        (inboxId === undefined || item.inbox_id === inboxId) &&
        ctx.store.inboxes.some((inbox) => inbox.id === item.inbox_id && inbox.account_id === account.id),
    );
    if (found) return found;
    if (contactId === undefined || inboxId === undefined) throw notFound();
  }
  if (inboxId === undefined) throw invalid('inbox_id', "Inbox can't be blank");
  if (contactId === undefined) throw failure('Provide source_id, or contact_id together with inbox_id');
  const inbox = ctx.store.inbox(account.id, inboxId);
  const contact = must(
    ctx.store.contacts.find((item) => item.id === contactId && item.account_id === account.id),
  );
  return addContactInbox(ctx.store, contact, inbox, sourceId || undefined);
}
