import type { Principal } from './context.js';
import { notFound, unauthorized } from './errors.js';
import type { Route } from './router.js';
import type { Store } from './store/store.js';
import type { Account } from './store/types.js';

const SIGN_IN = 'You need to sign in or sign up before continuing.';
const INVALID_TOKEN = 'Invalid Access Token';
const BOTS_REFUSED = 'Access to this endpoint is not authorized for bots';

export function authenticate(route: Route, token: string | undefined, store: Store): Principal {
  if (route.family === 'public') return { kind: 'anonymous' };
  if (route.family === 'platform') {
    if (!token || token !== store.platformToken) throw unauthorized('Invalid access_token');
    return { kind: 'platform' };
  }
  const user = token ? store.users.find((item) => item.access_token === token) : undefined;
  if (user) return { kind: 'user', user };
  if (!token) throw unauthorized(SIGN_IN);
  const bot = store.agentBots.find((item) => item.access_token === token);
  if (!bot) throw unauthorized(INVALID_TOKEN);
  if (!route.bot) throw unauthorized(BOTS_REFUSED);
  return { kind: 'bot', bot };
}

/** The account named in an application API path, checked against the caller. */
export function resolveAccount(
  route: Route,
  rawId: string | undefined,
  principal: Principal,
  store: Store,
): Account | undefined {
  if (rawId === undefined) return undefined;
  const account = store.accounts.find((item) => String(item.id) === rawId);
  if (!account) throw notFound();
  if (account.status !== 'active') throw unauthorized('Account is suspended');
  if (principal.kind === 'user' && !store.membership(account.id, principal.user.id)) {
    throw unauthorized('You are not authorized to access this account');
  }
  if (
    route.admin &&
    principal.kind === 'user' &&
    store.membership(account.id, principal.user.id)?.role !== 'administrator'
  ) {
    throw unauthorized('You are not authorized to do this action');
  }
  if (principal.kind === 'bot' && principal.bot.account_id !== account.id) {
    const linked = store.inboxes.some(
      (inbox) => inbox.account_id === account.id && inbox.agent_bot_id === principal.bot.id,
    );
    if (!linked) throw unauthorized('Bot is not authorized to access this account');
  }
  return account;
}
