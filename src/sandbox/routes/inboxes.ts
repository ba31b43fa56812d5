import { randomBytes } from 'node:crypto';
import { now } from '../clock.js';
import { accountOf, agentOnly, type Ctx, currentUser, empty, ok, param } from '../context.js';
import { failure, invalid, must, unauthorized } from '../errors.js';
import { bool, type Dict, dict, int, str } from '../params.js';
import type { Router } from '../router.js';
import { remove } from '../store/actions.js';
import type { Inbox } from '../store/types.js';
import { INBOX_DEFAULTS, inboxView } from '../views/inbox.js';
import { botView } from '../views/people.js';
import { memberViews, userIds } from './teams.js';

const ACCOUNT = '/api/v1/accounts/:account_id';
const CHANNELS: Record<string, string> = {
  web_widget: 'Channel::WebWidget',
  api: 'Channel::Api',
  email: 'Channel::Email',
  line: 'Channel::Line',
  telegram: 'Channel::Telegram',
  whatsapp: 'Channel::Whatsapp',
  sms: 'Channel::Sms',
};
const CHANNEL_FIELDS = [
  'website_url',
  'welcome_title',
  'welcome_tagline',
  'widget_color',
  'webhook_url',
  'email',
  'phone_number',
];

export function inboxRoutes(router: Router): void {
  router.add('GET', `${ACCOUNT}/inboxes`, (ctx) => {
    const account = accountOf(ctx);
    // InboxPolicy::Scope: an agent lists the inboxes they are a member of.
    const agent = agentOnly(ctx);
    const inboxes = ctx.store.inboxes.filter(
      (inbox) => inbox.account_id === account.id && (!agent || inbox.member_ids.includes(agent.id)),
    );
    return ok({ payload: inboxes.map((inbox) => inboxView(inbox, isAdmin(ctx))) });
  });
  router.add('GET', `${ACCOUNT}/inboxes/:id`, (ctx) => {
    const inbox = inboxOf(ctx, 'id');
    // InboxPolicy#show?: an agent sees only the inboxes they are a member of.
    const agent = agentOnly(ctx);
    if (agent && !inbox.member_ids.includes(agent.id))
      throw unauthorized('You are not authorized to do this action');
    return ok(inboxView(inbox, isAdmin(ctx)));
  });
  router.add('POST', `${ACCOUNT}/inboxes`, createInbox);
  const update = (ctx: Ctx) => {
    const inbox = inboxOf(ctx, 'id');
    if ('name' in ctx.body) inbox.name = str(ctx.body.name)?.trim() || inbox.name;
    Object.assign(inbox.settings, settingsFrom(ctx.body));
    Object.assign(inbox.channel, channelFrom(dict(ctx.body.channel)));
    return ok(inboxView(inbox, isAdmin(ctx)));
  };
  router.add('PATCH', `${ACCOUNT}/inboxes/:id`, update);
  router.add('PUT', `${ACCOUNT}/inboxes/:id`, update);
  router.add('DELETE', `${ACCOUNT}/inboxes/:id`, (ctx) => {
    const inbox = inboxOf(ctx, 'id');
    const { store } = ctx;
    const gone = new Set(
      store.conversations.filter((item) => item.inbox_id === inbox.id).map((item) => item.id),
    );
    remove(store.messages, (item) => gone.has(item.conversation_id));
    remove(store.conversations, (item) => gone.has(item.id));
    remove(store.contactInboxes, (item) => item.inbox_id === inbox.id);
    remove(store.inboxes, (item) => item.id === inbox.id);
    return empty();
  });
  router.add('GET', `${ACCOUNT}/inboxes/:id/agent_bot`, (ctx) => {
    const bot = ctx.store.bot(inboxOf(ctx, 'id').agent_bot_id);
    return ok({ agent_bot: bot ? botView(bot) : null });
  });
  router.add('POST', `${ACCOUNT}/inboxes/:id/set_agent_bot`, (ctx) => {
    const inbox = inboxOf(ctx, 'id');
    const botId = int(ctx.body.agent_bot);
    if (botId === undefined) {
      inbox.agent_bot_id = null;
      return empty();
    }
    const bot = must(ctx.store.bot(botId));
    if (bot.account_id !== null && bot.account_id !== inbox.account_id)
      throw failure('Agent bot not found', 404);
    inbox.agent_bot_id = bot.id;
    return empty();
  });

  router.add('GET', `${ACCOUNT}/inbox_members/:inbox_id`, (ctx) => {
    return ok({ payload: memberViews(ctx, inboxOf(ctx, 'inbox_id').member_ids) });
  });
  router.add('POST', `${ACCOUNT}/inbox_members`, (ctx) => {
    const inbox = bodyInbox(ctx);
    const added = userIds(ctx).filter((id) => !inbox.member_ids.includes(id));
    inbox.member_ids.push(...added);
    return ok({ payload: memberViews(ctx, inbox.member_ids) });
  });
  router.add('PATCH', `${ACCOUNT}/inbox_members`, (ctx) => {
    const inbox = bodyInbox(ctx);
    inbox.member_ids = userIds(ctx);
    return ok({ payload: memberViews(ctx, inbox.member_ids) });
  });
  router.add('DELETE', `${ACCOUNT}/inbox_members`, (ctx) => {
    const inbox = bodyInbox(ctx);
    const removed = new Set(userIds(ctx));
    inbox.member_ids = inbox.member_ids.filter((id) => !removed.has(id));
    return empty();
  });
}

function isAdmin(ctx: Ctx): boolean {
  const user = currentUser(ctx);
  return user !== undefined && ctx.store.membership(accountOf(ctx).id, user.id)?.role === 'administrator';
}

function inboxOf(ctx: Ctx, name: string): Inbox {
  return ctx.store.inbox(accountOf(ctx).id, param(ctx, name));
}

function bodyInbox(ctx: Ctx): Inbox {
  const id = int(ctx.body.inbox_id);
  if (id === undefined) throw invalid('inbox_id', "Inbox can't be blank");
  return ctx.store.inbox(accountOf(ctx).id, id);
}

function settingsFrom(body: Dict): Dict {
  const settings: Dict = {};
  for (const [key, fallback] of Object.entries(INBOX_DEFAULTS)) {
    if (!(key in body) || key === 'avatar_url') continue;
    settings[key] = typeof fallback === 'boolean' ? (bool(body[key]) ?? fallback) : body[key];
  }
  return settings;
}

function channelFrom(channel: Dict): Dict {
  const fields: Dict = {};
  for (const key of CHANNEL_FIELDS) if (key in channel) fields[key] = str(channel[key]) ?? null;
  return fields;
}

function createInbox(ctx: Ctx) {
  const account = accountOf(ctx);
  const name = str(ctx.body.name)?.trim();
  if (!name) throw invalid('name', "Name can't be blank");
  const channel = dict(ctx.body.channel);
  const channelType = CHANNELS[str(channel.type) ?? ''];
  if (!channelType) throw failure(`Invalid channel type: choose one of ${Object.keys(CHANNELS).join(', ')}`);
  if (channelType === 'Channel::Email' && !str(channel.email)) throw invalid('email', "Email can't be blank");
  const inbox: Inbox = {
    id: ctx.store.nextId('inbox'),
    account_id: account.id,
    channel_id: ctx.store.nextId(channelType),
    channel_type: channelType,
    name,
    identifier: channelType === 'Channel::Api' ? randomBytes(18).toString('base64url').slice(0, 24) : null,
    hmac_token: ctx.store.token(),
    settings: settingsFrom(ctx.body),
    channel: channelFrom(channel),
    member_ids: [],
    agent_bot_id: null,
    created_at: now(),
  };
  if (channelType === 'Channel::WebWidget') inbox.channel.website_token = ctx.store.token();
  ctx.store.inboxes.push(inbox);
  return ok(inboxView(inbox, isAdmin(ctx)));
}
