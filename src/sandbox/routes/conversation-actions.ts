import { now, timeOf } from '../clock.js';
import { accountOf, agentOnly, type Ctx, currentUser, empty, ok } from '../context.js';
import { invalid } from '../errors.js';
import { dict, int, isDict, labelNames, str } from '../params.js';
import type { Router } from '../router.js';
import type { Conversation, ConversationStatus } from '../store/types.js';
import { agentView, teamView } from '../views/people.js';
import { CONVERSATIONS, conversationOf, priorityOf, statusOf } from './conversations.js';

const ONE = `${CONVERSATIONS}/:conversation_id`;

export function conversationActionRoutes(router: Router): void {
  router.add('POST', `${ONE}/toggle_status`, toggleStatus);
  router.add('POST', `${ONE}/toggle_priority`, (ctx) => {
    const conversation = conversationOf(ctx);
    conversation.priority = priorityOf(ctx.body.priority);
    conversation.updated_at = now();
    return empty();
  });
  router.add('POST', `${ONE}/toggle_typing_status`, (ctx) => {
    // TypingStatusManager acts on on and off and ignores anything else.
    conversationOf(ctx);
    return empty();
  });
  router.add('POST', `${ONE}/custom_attributes`, (ctx) => {
    const conversation = conversationOf(ctx);
    if (!isDict(ctx.body.custom_attributes))
      throw invalid('custom_attributes', 'custom_attributes must be an object');
    conversation.custom_attributes = dict(ctx.body.custom_attributes);
    return ok({ custom_attributes: conversation.custom_attributes });
  });
  router.add('POST', `${ONE}/assignments`, assign);
  router.add('GET', `${ONE}/labels`, (ctx) => ok({ payload: conversationOf(ctx).labels }));
  router.add('POST', `${ONE}/labels`, (ctx) => {
    const conversation = conversationOf(ctx);
    conversation.labels = labelNames(ctx.body.labels);
    conversation.updated_at = now();
    return ok({ payload: conversation.labels });
  });
  router.add('POST', `${ONE}/update_last_seen`, (ctx) => {
    const conversation = conversationOf(ctx);
    conversation.agent_last_seen_at = now();
    if (currentUser(ctx)?.id === conversation.assignee_id) conversation.assignee_last_seen_at = now();
    return empty();
  });
}

function toggleStatus(ctx: Ctx) {
  const conversation = conversationOf(ctx);
  let status: ConversationStatus;
  if (ctx.body.status === undefined || ctx.body.status === null || ctx.body.status === '') {
    status = conversation.status === 'open' ? 'resolved' : 'open';
  } else {
    status = statusOf(ctx.body.status);
  }
  const previous = conversation.status;
  setStatus(conversation, status, ctx.body.snoozed_until);
  // should_assign_conversation?: an agent who is not an administrator takes what they open.
  const agent = agentOnly(ctx);
  if (agent && conversation.status === 'open') conversation.assignee_id = agent.id;
  if (previous !== status)
    ctx.store.changed({ event: 'conversation_status_changed', conversation, previous });
  return ok({
    meta: {},
    payload: { success: true, current_status: conversation.status, conversation_id: conversation.display_id },
  });
}

function setStatus(conversation: Conversation, status: ConversationStatus, snoozedUntil: unknown): void {
  conversation.status = status;
  conversation.snoozed_until = status === 'snoozed' ? timeOf(snoozedUntil) : null;
  conversation.updated_at = now();
}

/** Conversations::AssignmentService: an unknown agent unassigns; an unknown bot changes nothing. */
function assign(ctx: Ctx) {
  const conversation = conversationOf(ctx);
  const account = accountOf(ctx);
  const id = int(ctx.body.assignee_id);
  if (str(ctx.body.assignee_type) === 'AgentBot') {
    const bot = ctx.store.agentBots.find(
      (item) => item.id === id && (item.account_id === null || item.account_id === account.id),
    );
    if (!bot) return ok(null);
    conversation.assignee_id = null;
    conversation.assignee_agent_bot_id = bot.id;
    conversation.updated_at = now();
    return ok({ id: bot.id, name: bot.name, description: bot.description, outgoing_url: bot.outgoing_url });
  }
  if ('assignee_id' in ctx.body) {
    const member = id === undefined ? undefined : ctx.store.membership(account.id, id);
    conversation.assignee_id = member ? member.user_id : null;
    conversation.assignee_agent_bot_id = null;
    conversation.updated_at = now();
    return ok(member ? agentView(ctx, member) : null);
  }
  if ('team_id' in ctx.body) {
    const id = int(ctx.body.team_id);
    const team = id === undefined ? undefined : ctx.store.team(account.id, id);
    conversation.team_id = team ? team.id : null;
    conversation.updated_at = now();
    return ok(team ? teamView(team, currentUser(ctx)) : null);
  }
  return ok(null);
}
