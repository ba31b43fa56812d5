import { now } from '../clock.js';
import { accountOf, type Ctx, empty, ok, param } from '../context.js';
import { failure, invalid } from '../errors.js';
import { bool, str } from '../params.js';
import type { Router } from '../router.js';
import type { AccountUser, Role, User } from '../store/types.js';
import { agentView } from '../views/people.js';

const AGENTS = '/api/v1/accounts/:account_id/agents';
const AVAILABILITY = new Map([
  ['available', 'online'],
  ['online', 'online'],
  ['busy', 'busy'],
  ['offline', 'offline'],
]);

export function roleOf(value: unknown): Role | undefined {
  if (value === undefined) return undefined;
  const role = str(value);
  if (role === 'administrator' || role === 'agent') return role;
  if (role === '1') return 'administrator';
  if (role === '0') return 'agent';
  throw invalid('role', `'${String(value)}' is not a valid role`);
}

export function availabilityOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const availability = AVAILABILITY.get(str(value) ?? '');
  if (!availability) throw invalid('availability', `'${String(value)}' is not a valid availability`);
  return availability;
}

export function agentRoutes(router: Router): void {
  router.add('GET', AGENTS, (ctx) => {
    const account = accountOf(ctx);
    return ok(ctx.store.agents(account.id).map((member) => agentView(ctx, member)));
  });
  router.add('POST', AGENTS, createAgent);
  router.add('PATCH', `${AGENTS}/:id`, (ctx) => {
    const member = ctx.store.agent(accountOf(ctx).id, param(ctx, 'id'));
    member.role = roleOf(ctx.body.role) ?? member.role;
    member.availability =
      availabilityOf(ctx.body.availability_status ?? ctx.body.availability) ?? member.availability;
    member.auto_offline = bool(ctx.body.auto_offline) ?? member.auto_offline;
    return ok(agentView(ctx, member));
  });
  router.add('DELETE', `${AGENTS}/:id`, (ctx) => {
    const account = accountOf(ctx);
    const member = ctx.store.agent(account.id, param(ctx, 'id'));
    ctx.store.accountUsers.splice(ctx.store.accountUsers.indexOf(member), 1);
    for (const conversation of ctx.store.conversations) {
      if (conversation.account_id === account.id && conversation.assignee_id === member.user_id) {
        conversation.assignee_id = null;
      }
    }
    for (const group of [...ctx.store.teams, ...ctx.store.inboxes]) {
      if (group.account_id === account.id)
        group.member_ids = group.member_ids.filter((id) => id !== member.user_id);
    }
    return empty();
  });
}

function createAgent(ctx: Ctx) {
  const account = accountOf(ctx);
  const name = str(ctx.body.name)?.trim();
  const email = str(ctx.body.email)?.trim().toLowerCase();
  if (!email) throw invalid('email', "Email can't be blank");
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw invalid('email', 'Email is invalid');
  let user = ctx.store.users.find((item) => item.email.toLowerCase() === email);
  if (user && ctx.store.membership(account.id, user.id))
    throw failure('User is already a member of this account');
  if (!user) {
    if (!name) throw invalid('name', "Name can't be blank");
    user = newUser(ctx, name, email);
  }
  const member: AccountUser = {
    id: ctx.store.nextId('account_user'),
    account_id: account.id,
    user_id: user.id,
    role: roleOf(ctx.body.role) ?? 'agent',
    availability: availabilityOf(ctx.body.availability_status ?? ctx.body.availability) ?? 'offline',
    auto_offline: bool(ctx.body.auto_offline) ?? true,
    active_at: null,
  };
  ctx.store.accountUsers.push(member);
  return ok(agentView(ctx, member));
}

export function newUser(ctx: Ctx, name: string, email: string, password = ''): User {
  const user: User = {
    id: ctx.store.nextId('user'),
    name,
    display_name: null,
    email,
    password,
    access_token: ctx.store.token(),
    pubsub_token: ctx.store.token(),
    message_signature: null,
    phone_number: null,
    custom_attributes: {},
    ui_settings: {},
    created_at: now(),
    platform: false,
  };
  ctx.store.users.push(user);
  return user;
}
