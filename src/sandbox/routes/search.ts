import { accountOf, type Ctx, currentUser, ok } from '../context.js';
import { pageOf } from '../paging.js';
import { str } from '../params.js';
import type { Router } from '../router.js';
import type { Conversation, Message, Row } from '../store/types.js';
import { searchArticleView } from '../views/article.js';
import { conversationView } from '../views/conversation.js';
import { messageView } from '../views/message.js';
import { searchContactView, searchConversationView } from '../views/search.js';
import { findConversations } from './conversation-query.js';
import { CONVERSATIONS } from './conversations.js';

const SEARCH = '/api/v1/accounts/:account_id/search';
const PER_PAGE = 15;
const MESSAGE_LOOKBACK = 90 * 86400;

type Kind = 'conversations' | 'contacts' | 'messages' | 'articles';

/**
 * Chatwoot's SearchService without advanced search (its since/until/from/inbox filters need the
 * advanced_search feature, which the sandbox account does not have): 15 of each kind per page.
 */
export function searchRoutes(router: Router): void {
  router.add('GET', SEARCH, (ctx) =>
    ok({
      payload: {
        conversations: found(ctx, 'conversations'),
        contacts: found(ctx, 'contacts'),
        messages: found(ctx, 'messages'),
        articles: found(ctx, 'articles'),
      },
    }),
  );
  for (const kind of ['conversations', 'contacts', 'messages', 'articles'] as const) {
    router.add('GET', `${SEARCH}/${kind}`, (ctx) => ok({ payload: { [kind]: found(ctx, kind) } }));
  }
  // The conversation finder with q: conversations whose messages contain it, whatever their status.
  router.add('GET', `${CONVERSATIONS}/search`, (ctx) => {
    const { conversations, counts } = findConversations(ctx, { ...ctx.query, status: 'all' });
    const { items } = pageOf(conversations, ctx.query, 25);
    const { assigned_count: _assigned, ...meta } = counts;
    return ok({ meta, payload: items.map((item) => conversationView(ctx, item)) });
  });
}

function found(ctx: Ctx, kind: Kind): unknown[] {
  const q = (str(ctx.query.q) ?? '').trim().toLowerCase();
  const has = (value: unknown) => typeof value === 'string' && value.toLowerCase().includes(q);
  const account = accountOf(ctx);
  const inboxIds = visibleInboxes(ctx);
  const page = <T>(items: T[]) => pageOf(items, ctx.query, PER_PAGE).items;
  switch (kind) {
    case 'conversations': {
      const matches = (item: Conversation) => {
        const contact = ctx.store.contacts.find((row) => row.id === item.contact_id);
        return (
          String(item.display_id).includes(q) ||
          [contact?.name, contact?.email, contact?.phone_number, contact?.identifier].some(has)
        );
      };
      const list = ctx.store.conversations
        .filter((item) => item.account_id === account.id && inboxIds.has(item.inbox_id) && matches(item))
        .sort((a, b) => b.created_at - a.created_at);
      return page(list).map((item) => searchConversationView(ctx, item));
    }
    case 'contacts': {
      const list = ctx.store.contacts
        .filter(
          (item) =>
            item.account_id === account.id &&
            [item.name, item.email, item.phone_number, item.identifier].some(has),
        )
        .sort((a, b) => (b.last_activity_at ?? 0) - (a.last_activity_at ?? 0));
      return page(list).map(searchContactView);
    }
    case 'messages': {
      const since = Math.floor(Date.now() / 1000) - MESSAGE_LOOKBACK;
      const list = ctx.store.messages
        .filter(
          (item: Message) =>
            item.account_id === account.id &&
            inboxIds.has(item.inbox_id) &&
            item.created_at >= since &&
            has(item.content),
        )
        .sort((a, b) => b.created_at - a.created_at);
      return page(list).map((item) => {
        const conversation = ctx.store.conversations.find((row) => row.id === item.conversation_id);
        return conversation ? messageView(ctx, item, conversation) : {};
      });
    }
    case 'articles': {
      const list = ctx.store
        .table('articles')
        .filter(
          (row: Row) => row.account_id === account.id && [row.title, row.content, row.description].some(has),
        );
      return page(list).map((row) => searchArticleView(ctx, row));
    }
  }
}

/** Inboxes the caller is a member of; administrators see every inbox. */
function visibleInboxes(ctx: Ctx): Set<number> {
  const account = accountOf(ctx);
  const user = currentUser(ctx);
  const admin = user ? ctx.store.membership(account.id, user.id)?.role === 'administrator' : false;
  return new Set(
    ctx.store.inboxes
      .filter(
        (inbox) => inbox.account_id === account.id && (admin || (user && inbox.member_ids.includes(user.id))),
      )
      .map((inbox) => inbox.id),
  );
}
