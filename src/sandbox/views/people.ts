import { isoTime } from '../clock.js';
import type { Env } from '../context.js';
import type { Dict } from '../params.js';
import type { AccountUser, AgentBot, Team, User } from '../store/types.js';

const availableName = (user: User): string => user.display_name || user.name;

export function agentView(env: Env, member: AccountUser): Dict {
  const user = env.store.user(member.user_id);
  return {
    id: user.id,
    account_id: member.account_id,
    availability_status: member.availability,
    auto_offline: member.auto_offline,
    confirmed: true,
    email: user.email,
    available_name: availableName(user),
    name: user.name,
    role: member.role,
    thumbnail: '',
    custom_role_id: null,
  };
}

export function userSender(user: User, availability = 'offline'): Dict {
  return {
    id: user.id,
    name: user.name,
    available_name: availableName(user),
    avatar_url: '',
    type: 'user',
    availability_status: availability,
    thumbnail: '',
  };
}

export function botSender(bot: AgentBot): Dict {
  return { id: bot.id, name: bot.name, avatar_url: bot.avatar_url, type: 'agent_bot' };
}

/** The signed-in user as `/profile` shows it. */
export function profileView(env: Env, user: User): Dict {
  const memberships = env.store.accountUsers.filter((item) => item.user_id === user.id);
  const first = memberships[0];
  return {
    id: user.id,
    access_token: user.access_token,
    account_id: first?.account_id ?? null,
    available_name: availableName(user),
    avatar_url: '',
    confirmed: true,
    display_name: user.display_name,
    message_signature: user.message_signature,
    email: user.email,
    hmac_identifier: `hmac-${user.pubsub_token}`,
    inviter_id: null,
    name: user.name,
    provider: 'email',
    pubsub_token: user.pubsub_token,
    role: first?.role ?? null,
    ui_settings: user.ui_settings,
    uid: user.email,
    type: null,
    custom_attributes: user.custom_attributes,
    accounts: memberships.map((member) => ({
      id: member.account_id,
      name: env.store.account(member.account_id).name,
      status: 'active',
      active_at: member.active_at === null ? null : isoTime(member.active_at),
      role: member.role,
      permissions: [member.role],
      availability: member.availability,
      availability_status: member.availability,
      auto_offline: member.auto_offline,
      custom_role_id: null,
      custom_role: null,
    })),
  };
}

export function platformUserView(env: Env, user: User): Dict {
  const { hmac_identifier: _hmac, inviter_id: _inviter, type: _type, ...rest } = profileView(env, user);
  return { ...rest, phone_number: user.phone_number };
}

export function teamView(team: Team, viewer?: User): Dict {
  return {
    id: team.id,
    name: team.name,
    description: team.description,
    allow_auto_assign: team.allow_auto_assign,
    account_id: team.account_id,
    is_member: viewer ? team.member_ids.includes(viewer.id) : false,
  };
}

export function botView(bot: AgentBot): Dict {
  return {
    id: bot.id,
    name: bot.name,
    description: bot.description,
    thumbnail: bot.avatar_url,
    outgoing_url: bot.outgoing_url,
    bot_type: bot.bot_type,
    bot_config: bot.bot_config,
    account_id: bot.account_id,
    access_token: bot.access_token,
    system_bot: bot.account_id === null && !bot.platform,
  };
}
