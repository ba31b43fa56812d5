import { accountOf, type Ctx, empty, ok, param } from '../context.js';
import { invalid, must } from '../errors.js';
import { type Dict, dict, isDict, str } from '../params.js';
import type { Router } from '../router.js';
import { remove } from '../store/actions.js';
import type { AgentBot } from '../store/types.js';
import { botView } from '../views/people.js';

const BOTS = '/api/v1/accounts/:account_id/agent_bots';

export function botRoutes(router: Router): void {
  router.add('GET', BOTS, (ctx) => {
    const account = accountOf(ctx);
    const bots = ctx.store.agentBots.filter(
      (bot) => bot.account_id === account.id || bot.account_id === null,
    );
    return ok(bots.map(botView));
  });
  router.add('POST', BOTS, (ctx) => ok(botView(newBot(ctx, ctx.body, accountOf(ctx).id, false))));
  router.add('GET', `${BOTS}/:id`, (ctx) => {
    const account = accountOf(ctx);
    const id = param(ctx, 'id');
    return ok(
      botView(
        must(
          ctx.store.agentBots.find((bot) => bot.id === id && (bot.account_id ?? account.id) === account.id),
        ),
      ),
    );
  });
  const update = (ctx: Ctx) => ok(botView(updateBot(ownBot(ctx), ctx.body)));
  router.add('PATCH', `${BOTS}/:id`, update);
  router.add('PUT', `${BOTS}/:id`, update);
  router.add('DELETE', `${BOTS}/:id`, (ctx) => {
    const bot = ownBot(ctx);
    deleteBot(ctx, bot);
    return empty();
  });
  router.add('POST', `${BOTS}/:id/reset_access_token`, (ctx) => {
    const bot = ownBot(ctx);
    bot.access_token = ctx.store.token();
    return ok(botView(bot));
  });
}

function ownBot(ctx: Ctx): AgentBot {
  const account = accountOf(ctx);
  const id = param(ctx, 'id');
  return must(ctx.store.agentBots.find((bot) => bot.id === id && bot.account_id === account.id));
}

export function newBot(ctx: Ctx, body: Dict, accountId: number | null, platform: boolean): AgentBot {
  const name = str(body.name)?.trim();
  if (!name) throw invalid('name', "Name can't be blank");
  const bot: AgentBot = {
    id: ctx.store.nextId('agent_bot'),
    account_id: accountId,
    name,
    description: null,
    outgoing_url: null,
    avatar_url: '',
    bot_type: 'webhook',
    bot_config: {},
    access_token: ctx.store.token(),
    platform,
  };
  ctx.store.agentBots.push(bot);
  return updateBot(bot, body);
}

export function updateBot(bot: AgentBot, body: Dict): AgentBot {
  if ('name' in body) bot.name = str(body.name)?.trim() || bot.name;
  if ('description' in body) bot.description = str(body.description) ?? null;
  if ('outgoing_url' in body) bot.outgoing_url = str(body.outgoing_url) ?? null;
  if ('avatar_url' in body) bot.avatar_url = str(body.avatar_url) ?? '';
  if (isDict(body.bot_config)) bot.bot_config = dict(body.bot_config);
  return bot;
}

export function deleteBot(ctx: Ctx, bot: AgentBot): void {
  remove(ctx.store.agentBots, (item) => item.id === bot.id);
  for (const inbox of ctx.store.inboxes) if (inbox.agent_bot_id === bot.id) inbox.agent_bot_id = null;
}
