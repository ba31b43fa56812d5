import { accountOf, type Ctx, currentUser, ok } from '../context.js';
import { invalid, unauthorized } from '../errors.js';
import { type Dict, dict, isDict, str } from '../params.js';
import type { Router } from '../router.js';
import type { User } from '../store/types.js';
import { accountDetail } from '../views/account.js';
import { profileView } from '../views/people.js';

const SETTINGS = ['auto_resolve_after', 'auto_resolve_message', 'auto_resolve_ignore_waiting'];
const ATTRIBUTES = ['industry', 'company_size', 'timezone'];

export function accountRoutes(router: Router): void {
  router.add('GET', '/api/v1/accounts/:account_id', (ctx) => ok(accountDetail(accountOf(ctx))));
  router.add('PATCH', '/api/v1/accounts/:account_id', (ctx) => {
    const account = accountOf(ctx);
    const body = ctx.body;
    if ('name' in body && !str(body.name)) throw invalid('name', "Name can't be blank");
    for (const key of ['name', 'locale', 'domain', 'support_email'] as const) {
      const value = str(body[key]);
      if (value !== undefined) account[key] = value;
    }
    for (const key of SETTINGS) if (key in body) account.settings[key] = body[key];
    for (const key of ATTRIBUTES) if (key in body) account.custom_attributes[key] = body[key];
    return ok(accountDetail(account));
  });
  router.add('GET', '/api/v1/profile', (ctx) => ok(profileView(ctx, signedIn(ctx))));
  router.add('PUT', '/api/v1/profile', updateProfile);
  router.add('PATCH', '/api/v1/profile', updateProfile);
}

function signedIn(ctx: Ctx): User {
  const user = currentUser(ctx);
  if (!user) throw unauthorized('You need to sign in or sign up before continuing.');
  return user;
}

function updateProfile(ctx: Ctx) {
  const user = signedIn(ctx);
  const profile: Dict = isDict(ctx.body.profile) ? ctx.body.profile : ctx.body;
  if (profile.password !== undefined) {
    if (str(profile.current_password) !== user.password)
      throw invalid('current_password', 'Invalid current password');
    if (profile.password_confirmation !== undefined && profile.password_confirmation !== profile.password) {
      throw invalid('password_confirmation', "Password confirmation doesn't match Password");
    }
    user.password = str(profile.password) ?? user.password;
  }
  const email = str(profile.email);
  if (email !== undefined) {
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw invalid('email', 'Email is invalid');
    if (
      ctx.store.users.some((item) => item.id !== user.id && item.email.toLowerCase() === email.toLowerCase())
    ) {
      throw invalid('email', 'Email has already been taken');
    }
    user.email = email;
  }
  for (const key of ['name', 'display_name', 'message_signature', 'phone_number'] as const) {
    const value = str(profile[key]);
    if (value !== undefined) user[key] = value;
  }
  if (isDict(profile.ui_settings)) user.ui_settings = { ...user.ui_settings, ...dict(profile.ui_settings) };
  return ok(profileView(ctx, user));
}
