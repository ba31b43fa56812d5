import { randomBytes } from 'node:crypto';
import { must } from '../errors.js';
import { SANDBOX_TOKENS } from '../tokens.js';
import type {
  Account,
  AccountUser,
  AgentBot,
  Contact,
  ContactInbox,
  Conversation,
  ConversationStatus,
  Inbox,
  Message,
  Row,
  Team,
  User,
} from './types.js';

/** A change that Chatwoot would announce to webhooks. */
export type StoreChange =
  | { event: 'message_created'; conversation: Conversation; message: Message }
  | { event: 'conversation_created'; conversation: Conversation }
  | { event: 'conversation_status_changed'; conversation: Conversation; previous: ConversationStatus };

export class Store {
  readonly platformToken: string = SANDBOX_TOKENS.platform;
  readonly accounts: Account[] = [];
  readonly users: User[] = [];
  readonly accountUsers: AccountUser[] = [];
  readonly teams: Team[] = [];
  readonly inboxes: Inbox[] = [];
  readonly contacts: Contact[] = [];
  readonly contactInboxes: ContactInbox[] = [];
  readonly conversations: Conversation[] = [];
  readonly messages: Message[] = [];
  readonly agentBots: AgentBot[] = [];
  readonly #tables = new Map<string, Row[]>();
  readonly #ids = new Map<string, number>();
  readonly #watchers = new Set<(change: StoreChange) => void>();

  watch(watcher: (change: StoreChange) => void): void {
    this.#watchers.add(watcher);
  }

  changed(change: StoreChange): void {
    for (const watcher of this.#watchers) watcher(change);
  }

  nextId(kind: string): number {
    const id = (this.#ids.get(kind) ?? 0) + 1;
    this.#ids.set(kind, id);
    return id;
  }

  table(kind: string): Row[] {
    let rows = this.#tables.get(kind);
    if (!rows) {
      rows = [];
      this.#tables.set(kind, rows);
    }
    return rows;
  }

  token(): string {
    return randomBytes(12).toString('base64url');
  }

  account(id: number | undefined): Account {
    return must(this.accounts.find((account) => account.id === id));
  }

  user(id: number | undefined): User {
    return must(this.users.find((user) => user.id === id));
  }

  membership(accountId: number, userId: number): AccountUser | undefined {
    return this.accountUsers.find((item) => item.account_id === accountId && item.user_id === userId);
  }

  agents(accountId: number): AccountUser[] {
    return this.accountUsers.filter((item) => item.account_id === accountId);
  }

  agent(accountId: number, userId: number | undefined): AccountUser {
    return must(this.accountUsers.find((item) => item.account_id === accountId && item.user_id === userId));
  }

  team(accountId: number, id: number | undefined): Team {
    return must(this.teams.find((team) => team.account_id === accountId && team.id === id));
  }

  inbox(accountId: number, id: number | undefined): Inbox {
    return must(this.inboxes.find((inbox) => inbox.account_id === accountId && inbox.id === id));
  }

  contact(accountId: number, id: number | undefined): Contact {
    return must(this.contacts.find((contact) => contact.account_id === accountId && contact.id === id));
  }

  conversation(accountId: number, displayId: number | undefined): Conversation {
    return must(
      this.conversations.find((item) => item.account_id === accountId && item.display_id === displayId),
    );
  }

  contactInbox(id: number): ContactInbox | undefined {
    return this.contactInboxes.find((item) => item.id === id);
  }

  messagesOf(conversationId: number): Message[] {
    return this.messages.filter((message) => message.conversation_id === conversationId);
  }

  bot(id: number | null | undefined): AgentBot | undefined {
    return this.agentBots.find((bot) => bot.id === id);
  }
}
