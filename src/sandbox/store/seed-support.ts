import { isoTime } from '../clock.js';
import type { Store } from './store.js';

/** A help center, a team macro, a contact note and notifications, so the support tools have something to find. */
export function seedSupport(store: Store, start: number): void {
  const portal = {
    id: store.nextId('portals'),
    account_id: 1,
    name: 'Acme Help',
    slug: 'acme-help',
    archived: false,
    config: {},
  };
  store.table('portals').push(portal);
  const category = {
    id: store.nextId('categories'),
    account_id: 1,
    portal_id: portal.id,
    name: 'Billing',
    slug: 'billing',
    locale: 'en',
    description: 'Invoices, refunds and plans',
    position: 1,
    icon: null,
    parent_category_id: null,
    associated_category_id: null,
  };
  store.table('categories').push(category);
  const articles = [
    [
      'How refunds work',
      'Refunds go back to the original payment method within 5–7 business days.',
      'published',
    ],
    [
      'Export your data',
      'Open Settings → Data → Export. The file arrives by email within an hour.',
      'published',
    ],
    [
      'Changing your plan',
      'Draft: upgrades apply at once, downgrades at the end of the billing period.',
      'draft',
    ],
  ] as const;
  articles.forEach(([title, content, status], index) => {
    store.table('articles').push({
      id: store.nextId('articles'),
      account_id: 1,
      portal_id: portal.id,
      title,
      slug: title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      content,
      description: null,
      meta: {},
      position: index + 1,
      status,
      views: 10 - index,
      locale: 'en',
      category_id: index === 1 ? null : category.id,
      folder_id: null,
      author_id: 1,
      associated_article_id: null,
      updated_at: start - index * 86400,
    });
  });
  store.table('macros').push({
    id: store.nextId('macros'),
    account_id: 1,
    name: 'Refund issued',
    visibility: 'global',
    actions: [
      { action_name: 'add_label', action_params: ['billing'] },
      { action_name: 'send_message', action_params: ['Your refund is on its way: 5–7 business days.'] },
      { action_name: 'resolve_conversation', action_params: [] },
    ],
    created_by_id: 1,
    updated_by_id: 1,
  });
  store.table('notes').push({
    id: store.nextId('notes'),
    account_id: 1,
    contact_id: 1,
    user_id: 2,
    content: 'Prefers email over phone. Annual plan, renews in June.',
    created_at: start - 86400,
    updated_at: start - 86400,
  });
  const notifications = [
    ['conversation_assignment', 'A conversation (#1) has been assigned to you', 1, null],
    ['conversation_mention', 'You have been mentioned in conversation #2', 2, null],
    ['assigned_conversation_new_message', 'New message in conversation #3', 3, isoTime(start)],
  ] as const;
  for (const [type, title, conversationId, readAt] of notifications) {
    store.table('notifications').push({
      id: store.nextId('notifications'),
      account_id: 1,
      user_id: 1,
      notification_type: type,
      push_message_title: title,
      push_message_body: null,
      primary_actor_type: 'Conversation',
      primary_actor_id: conversationId,
      read_at: readAt,
      snoozed_until: null,
      created_at: start + conversationId * 600,
      last_activity_at: start + conversationId * 600,
      meta: {},
    });
  }
}
