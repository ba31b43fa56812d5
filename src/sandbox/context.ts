import { notFound } from './errors.js';
import type { UploadedFile } from './multipart.js';
import type { Dict } from './params.js';
import type { Store } from './store/store.js';
import type { Account, AgentBot, User } from './store/types.js';

export type Principal =
  | { kind: 'user'; user: User }
  | { kind: 'bot'; bot: AgentBot }
  | { kind: 'platform' }
  | { kind: 'anonymous' };

export interface Env {
  store: Store;
  baseUrl: string;
}

export interface Ctx extends Env {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Dict;
  body: Dict;
  files: UploadedFile[];
  principal: Principal;
  account: Account | undefined;
}

export interface Reply {
  status: number;
  body?: unknown;
  contentType?: string;
  raw?: Buffer | string;
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

export const ok = (body: unknown, status = 200): Reply => ({ status, body });

export const empty = (status = 200): Reply => ({ status });

export function accountOf(ctx: Ctx): Account {
  if (!ctx.account) throw notFound();
  return ctx.account;
}

export function param(ctx: Ctx, name: string): number | undefined {
  const value = ctx.params[name];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

export function currentUser(ctx: Ctx): User | undefined {
  return ctx.principal.kind === 'user' ? ctx.principal.user : undefined;
}

/** A user of the account who is not an administrator: Chatwoot's policies narrow what such an agent sees. */
export function agentOnly(ctx: Ctx): User | undefined {
  const user = currentUser(ctx);
  if (!user || !ctx.account) return undefined;
  return ctx.store.membership(ctx.account.id, user.id)?.role === 'administrator' ? undefined : user;
}
