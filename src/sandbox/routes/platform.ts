import { now } from '../clock.js';
import { type Ctx, empty, ok, param } from '../context.js';
import { invalid, must, unauthorized } from '../errors.js';
import { type Dict, dict, int, isDict, str } from '../params.js';
import type { Router } from '../router.js';
import { remove } from '../store/actions.js';
import type { Account, User } from '../store/types.js';
import { platformAccountView } from '../views/account.js';
import { botView, platformUserView } from '../views/people.js';
import { newUser, roleOf } from './agents.js';
import { deleteBot, newBot, updateBot } from './bots.js';

const PLATFORM = '/platform/api/v1';
const PASSWORD_RULES = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/];

/** The platform app sees only what it created (or what the seed marks as created by it). */
function permitted<T extends { platform: boolean }>(item: T | undefined): T {
  const found = must(item);
  if (!found.platform) throw unauthorized('Non permissible resource');
  return found;
}

const accountOf = (ctx: Ctx): Account =>
  permitted(ctx.store.accounts.find((item) => item.id === param(ctx, 'account_id')));
const userOf = (ctx: Ctx): User => permitted(ctx.store.users.find((item) => item.id === param(ctx, 'id')));

export function platformRoutes(router: Router): void {
  router.add('POST', `${PLATFORM}/accounts`, (ctx) => {
    const name = str(ctx.body.name)?.trim();
    if (!name) throw invalid('name', "Name can't be blank");
    const account: Account = {
      id: ctx.store.nextId('account'),
      name,
      locale: 'en',
      domain: null,
      support_email: null,
      status: 'active',
      created_at: now(),
      custom_attributes: {},
      settings: {},
      limits: {},
      features: {},
      platform: true,
    };
    ctx.store.accounts.push(updateAccount(account, ctx.body));
    return ok(platformAccountView(account));
  });
  router.add('GET', `${PLATFORM}/accounts`, (ctx) =>
    ok(ctx.store.accounts.filter((account) => account.platform).map(platformAccountView)),
  );
  router.add('GET', `${PLATFORM}/accounts/:account_id`, (ctx) => ok(platformAccountView(accountOf(ctx))));
  router.add('PATCH', `${PLATFORM}/accounts/:account_id`, (ctx) =>
    ok(platformAccountView(updateAccount(accountOf(ctx), ctx.body))),
  );
  router.add('DELETE', `${PLATFORM}/accounts/:account_id`, (ctx) => {
    const account = accountOf(ctx);
    remove(ctx.store.accountUsers, (item) => item.account_id === account.id);
    remove(ctx.store.accounts, (item) => item.id === account.id);
    return empty();
  });

  const accountUsers = `${PLATFORM}/accounts/:account_id/account_users`;
  router.add('GET', accountUsers, (ctx) => {
    const account = accountOf(ctx);
    return ok(
      ctx.store.agents(account.id).map(({ account_id, user_id, role }) => ({ account_id, user_id, role })),
    );
  });
  router.add('POST', accountUsers, (ctx) => {
    const account = accountOf(ctx);
    const user = ctx.store.user(int(ctx.body.user_id));
    const role = roleOf(ctx.body.role) ?? 'agent';
    const existing = ctx.store.membership(account.id, user.id);
    if (existing) existing.role = role;
    else {
      const id = ctx.store.nextId('account_user');
      const member = {
        id,
        account_id: account.id,
        user_id: user.id,
        role,
        availability: 'offline',
        auto_offline: true,
      };
      ctx.store.accountUsers.push({ ...member, active_at: null });
    }
    return ok({ account_id: account.id, user_id: user.id, role });
  });
  router.add('DELETE', accountUsers, (ctx) => {
    const account = accountOf(ctx);
    // find_by(user_id: params[:user_id])&.destroy!: the query or the body, and no error when absent.
    const userId = int(ctx.query.user_id) ?? int(ctx.body.user_id) ?? -1;
    const member = ctx.store.membership(account.id, userId);
    if (member) remove(ctx.store.accountUsers, (item) => item.id === member.id);
    return empty();
  });

  router.add('POST', `${PLATFORM}/users`, (ctx) => {
    const email = str(ctx.body.email)?.trim().toLowerCase();
    if (!email || !/^[^@\s]+@[^@\s]+$/.test(email))
      throw invalid('email', email ? 'Email is invalid' : "Email can't be blank");
    let user = ctx.store.users.find((item) => item.email.toLowerCase() === email);
    if (!user) {
      const name = str(ctx.body.name)?.trim();
      if (!name) throw invalid('name', "Name can't be blank");
      user = newUser(ctx, name, email, checkedPassword(ctx.body.password));
      updateUser(user, ctx.body);
    }
    user.platform = true;
    return ok(platformUserView(ctx, user));
  });
  router.add('GET', `${PLATFORM}/users/:id`, (ctx) => ok(platformUserView(ctx, userOf(ctx))));
  router.add('PATCH', `${PLATFORM}/users/:id`, (ctx) => {
    const user = userOf(ctx);
    if ('password' in ctx.body) user.password = checkedPassword(ctx.body.password);
    const email = str(ctx.body.email)?.trim().toLowerCase();
    if (email && ctx.store.users.some((item) => item.id !== user.id && item.email.toLowerCase() === email)) {
      throw invalid('email', 'Email has already been taken');
    }
    if (email) user.email = email;
    return ok(platformUserView(ctx, updateUser(user, ctx.body)));
  });
  router.add('DELETE', `${PLATFORM}/users/:id`, (ctx) => {
    const user = userOf(ctx);
    remove(ctx.store.accountUsers, (item) => item.user_id === user.id);
    remove(ctx.store.users, (item) => item.id === user.id);
    for (const conversation of ctx.store.conversations) {
      if (conversation.assignee_id === user.id) conversation.assignee_id = null;
    }
    return empty();
  });
  router.add('GET', `${PLATFORM}/users/:id/login`, (ctx) => {
    const user = userOf(ctx);
    const query = new URLSearchParams({ email: user.email, sso_auth_token: ctx.store.token() });
    return ok({ url: `${ctx.baseUrl}/app/login?${query}` });
  });

  const bots = `${PLATFORM}/agent_bots`;
  const botOf = (ctx: Ctx) => permitted(ctx.store.agentBots.find((item) => item.id === param(ctx, 'id')));
  router.add('GET', bots, (ctx) => ok(ctx.store.agentBots.filter((bot) => bot.platform).map(botView)));
  router.add('POST', bots, (ctx) => {
    const accountId = int(ctx.body.account_id);
    if (accountId !== undefined) permitted(ctx.store.accounts.find((item) => item.id === accountId));
    return ok(botView(newBot(ctx, ctx.body, accountId ?? null, true)));
  });
  router.add('GET', `${bots}/:id`, (ctx) => ok(botView(botOf(ctx))));
  router.add('PATCH', `${bots}/:id`, (ctx) => ok(botView(updateBot(botOf(ctx), ctx.body))));
  router.add('DELETE', `${bots}/:id`, (ctx) => {
    deleteBot(ctx, botOf(ctx));
    return empty();
  });
}

function updateAccount(account: Account, body: Dict): Account {
  for (const key of ['name', 'locale', 'domain', 'support_email'] as const) {
    const value = str(body[key])?.trim();
    if (value) account[key] = value;
  }
  const status = str(body.status);
  if (status !== undefined) {
    if (status !== 'active' && status !== 'suspended')
      throw invalid('status', `'${status}' is not a valid status`);
    account.status = status;
  }
  // assign_attributes replaces these hashes whole; features are switched one by one (enable_features).
  if (isDict(body.limits)) account.limits = dict(body.limits);
  if (isDict(body.custom_attributes)) account.custom_attributes = dict(body.custom_attributes);
  for (const [feature, on] of Object.entries(dict(body.features))) {
    account.features = {
      ...account.features,
      [feature]: on !== false && on !== null && on !== '' && on !== 'false',
    };
  }
  return account;
}

function updateUser(user: User, body: Dict): User {
  for (const key of ['name', 'display_name'] as const) {
    const value = str(body[key])?.trim();
    if (value) user[key] = value;
  }
  if (isDict(body.custom_attributes))
    user.custom_attributes = { ...user.custom_attributes, ...dict(body.custom_attributes) };
  return user;
}

function checkedPassword(value: unknown): string {
  const password = str(value) ?? '';
  if (password === '') throw invalid('password', "Password can't be blank");
  if (password.length < 6 || PASSWORD_RULES.some((rule) => !rule.test(password))) {
    throw invalid(
      'password',
      'Password must be at least 6 characters with an uppercase letter, a lowercase letter, a number and a special character',
    );
  }
  return password;
}
