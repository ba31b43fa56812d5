import { now } from '../clock.js';
import { SANDBOX_TOKENS } from '../tokens.js';
import { addContact, addContactInbox } from './actions.js';
import { seedConversations } from './seed-conversations.js';
import { seedRows } from './seed-rows.js';
import { seedSupport } from './seed-support.js';
import { Store } from './store.js';
import type { Contact, Inbox, Role, User } from './types.js';

export const SEED = {
  accountId: 1,
  inboxIdentifier: 'kZqW3xT8mR2vN6pL9sJ4yB7c',
  contactIdentifier: 'b1d5a7e2-3c4f-4a8b-9e6d-0f1a2b3c4d5e',
  conversationId: 1,
} as const;

export function seededStore(): Store {
  const store = new Store();
  const start = now() - 3 * 86400;
  store.accounts.push({
    id: store.nextId('account'),
    name: 'Acme Support',
    locale: 'en',
    domain: 'support.acme.example',
    support_email: 'support@acme.example',
    status: 'active',
    created_at: start - 90 * 86400,
    custom_attributes: { industry: 'Software', company_size: '11-50', timezone: 'Europe/Berlin' },
    settings: { auto_resolve_after: null, auto_resolve_message: null, auto_resolve_ignore_waiting: false },
    limits: {},
    features: { channel_email: true, channel_api: true, help_center: true, reports: true },
    platform: true,
  });
  const users = [
    seedUser(store, 'Alice Admin', 'alice@acme.example', 'administrator', SANDBOX_TOKENS.user),
    seedUser(store, 'Bob Billing', 'bob@acme.example', 'agent', SANDBOX_TOKENS.agent),
    seedUser(store, 'Carol Tech', 'carol@acme.example', 'agent'),
  ];
  const [alice, bob, carol] = users.map((user) => user.id) as [number, number, number];
  const partner = seedUser(store, 'Dana Partner', 'dana@partner.example');
  partner.platform = true;
  store.teams.push(
    {
      id: store.nextId('team'),
      account_id: 1,
      name: 'Billing',
      description: 'Invoices, refunds and plans',
      allow_auto_assign: true,
      member_ids: [alice, bob],
    },
    {
      id: store.nextId('team'),
      account_id: 1,
      name: 'Tech',
      description: 'Bugs and integrations',
      allow_auto_assign: true,
      member_ids: [carol],
    },
  );
  const api = seedInbox(store, 'Acme API', 'Channel::Api', [alice, bob, carol]);
  api.identifier = SEED.inboxIdentifier;
  api.channel = { webhook_url: 'https://hooks.acme.example/chatwoot', additional_attributes: {} };
  const email = seedInbox(store, 'Acme Support Email', 'Channel::Email', [alice, carol]);
  email.channel = { email: 'support@acme.example', forward_to_email: 'fwd-support@acme.example' };
  const contacts = [
    seedContact(store, start, 'Jane Cooper', 'jane.cooper@example.com', '+14155550101', {
      identifier: 'cust-1001',
      custom_attributes: { plan: 'enterprise', signup_date: '2024-03-02', seats: 40 },
      additional_attributes: { city: 'San Francisco', country: 'United States', company_name: 'Globex' },
      labels: ['vip'],
    }),
    seedContact(store, start, 'Ravi Patel', 'ravi.patel@example.com', '+919812345678', {}),
    seedContact(store, start, 'Sofia Marin', 'sofia.marin@example.org', '+34612345678', {}),
    seedContact(store, start, 'Tom Becker', 'tom.becker@example.net', '+4915112345678', {}),
  ];
  const [jane, ravi, sofia, tom] = contacts as [Contact, Contact, Contact, Contact];
  const inboxes = {
    jane: addContactInbox(store, jane, api, SEED.contactIdentifier),
    ravi: addContactInbox(store, ravi, api),
    sofia: addContactInbox(store, sofia, email),
  };
  addContactInbox(store, tom, email);
  seedConversations(store, start, { ...inboxes, alice, bob, carol });
  seedBots(store);
  api.agent_bot_id = 1;
  seedRows(store, start);
  seedSupport(store, start);
  return store;
}

function seedUser(store: Store, name: string, email: string, role?: Role, token?: string): User {
  const user: User = {
    id: store.nextId('user'),
    name,
    display_name: null,
    email,
    password: 'Password1!',
    access_token: token ?? store.token(),
    pubsub_token: store.token(),
    message_signature: null,
    phone_number: null,
    custom_attributes: {},
    ui_settings: {},
    created_at: now() - 100 * 86400,
    platform: false,
  };
  store.users.push(user);
  if (role) {
    store.accountUsers.push({
      id: store.nextId('account_user'),
      account_id: 1,
      user_id: user.id,
      role,
      availability: role === 'administrator' ? 'online' : 'offline',
      auto_offline: true,
      active_at: null,
    });
  }
  return user;
}

function seedInbox(store: Store, name: string, channelType: string, members: number[]): Inbox {
  const inbox: Inbox = {
    id: store.nextId('inbox'),
    account_id: 1,
    channel_id: store.nextId(channelType),
    channel_type: channelType,
    name,
    identifier: null,
    hmac_token: store.token(),
    settings: {},
    channel: {},
    member_ids: members,
    agent_bot_id: null,
    created_at: now() - 60 * 86400,
  };
  store.inboxes.push(inbox);
  return inbox;
}

function seedContact(
  store: Store,
  start: number,
  name: string,
  email: string,
  phone: string,
  extra: Partial<Contact>,
): Contact {
  return addContact(store, store.account(1), {
    name,
    email,
    phone_number: phone,
    created_at: start - 30 * 86400,
    updated_at: start,
    last_activity_at: start,
    ...extra,
  });
}

function seedBots(store: Store): void {
  store.agentBots.push(
    {
      id: store.nextId('agent_bot'),
      account_id: 1,
      name: 'Triage Bot',
      description: 'Greets new conversations and routes them to a team',
      outgoing_url: 'https://bots.acme.example/triage',
      avatar_url: '',
      bot_type: 'webhook',
      bot_config: {},
      access_token: SANDBOX_TOKENS.agentBot,
      platform: false,
    },
    {
      id: store.nextId('agent_bot'),
      account_id: null,
      name: 'Partner Bot',
      description: 'Provisioned through the platform API',
      outgoing_url: 'https://bots.partner.example/hook',
      avatar_url: '',
      bot_type: 'webhook',
      bot_config: {},
      access_token: store.token(),
      platform: true,
    },
  );
}
