import { accountOf, type Ctx, ok } from '../context.js';
import { failure, invalid, must } from '../errors.js';
import { pageOf } from '../paging.js';
import { int, isDict, str } from '../params.js';
import type { Router } from '../router.js';
import type { Row } from '../store/types.js';
import { inboxView } from '../views/inbox.js';

const ACCOUNT = '/api/v1/accounts/:account_id';
const ARTICLE_STATUSES = ['draft', 'published', 'archived'];
const APPS = [
  ['webhook', 'Webhooks', 'Send conversation events to a URL', 'account', true],
  ['dashboard_apps', 'Dashboard Apps', 'Embed an app in the conversation view', 'account', true],
  ['slack', 'Slack', 'Reply to conversations from Slack', 'account', false],
  ['dialogflow', 'Dialogflow', 'Answer with a Dialogflow agent', 'inbox', true],
  ['google_translate', 'Google Translate', 'Translate messages', 'account', false],
  ['linear', 'Linear', 'Create Linear issues from conversations', 'account', false],
] as const;

const slugify = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export function extraRoutes(router: Router): void {
  router.add('GET', `${ACCOUNT}/portals`, (ctx) => {
    const portals = rows(ctx, 'portals');
    return ok({
      payload: portals.map((row) => portalView(ctx, row)),
      meta: { current_page: 1, portals_count: portals.length },
    });
  });
  router.add('POST', `${ACCOUNT}/portals`, (ctx) => {
    const name = str(ctx.body.name)?.trim();
    if (!name) throw invalid('name', "Name can't be blank");
    // Category validates slug's presence and makes none up (articles do).
    const slug = str(ctx.body.slug)?.trim();
    if (!slug) throw invalid('slug', "Slug can't be blank");
    if (ctx.store.table('portals').some((row) => row.slug === slug))
      throw invalid('slug', 'Slug has already been taken');
    const row: Row = {
      id: ctx.store.nextId('portals'),
      account_id: accountOf(ctx).id,
      name,
      slug,
      archived: false,
      config: {},
    };
    ctx.store.table('portals').push(Object.assign(row, portalFields(ctx)));
    return ok({ payload: [portalView(ctx, row)] });
  });
  router.add('PATCH', `${ACCOUNT}/portals/:id`, (ctx) => {
    const portal = portalOf(ctx);
    const name = str(ctx.body.name)?.trim();
    if (name) portal.name = name;
    return ok({ payload: portalView(ctx, Object.assign(portal, portalFields(ctx))) });
  });
  router.add('POST', `${ACCOUNT}/portals/:id/categories`, (ctx) => {
    const portal = portalOf(ctx);
    const name = str(ctx.body.name)?.trim();
    if (!name) throw invalid('name', "Name can't be blank");
    const locale = str(ctx.body.locale) || 'en';
    // Category validates slug's presence and makes none up (articles do).
    const slug = str(ctx.body.slug)?.trim();
    if (!slug) throw invalid('slug', "Slug can't be blank");
    const taken = rows(ctx, 'categories').some(
      (row) => row.portal_id === portal.id && row.slug === slug && row.locale === locale,
    );
    if (taken) throw invalid('slug', 'Slug has already been taken');
    const row: Row = {
      id: ctx.store.nextId('categories'),
      account_id: portal.account_id,
      portal_id: portal.id,
      name,
      slug,
      locale,
      description: str(ctx.body.description) ?? null,
      position: int(ctx.body.position) ?? rows(ctx, 'categories').length + 1,
      icon: str(ctx.body.icon) ?? null,
      parent_category_id: int(ctx.body.parent_category_id) ?? null,
      associated_category_id: int(ctx.body.associated_category_id) ?? null,
    };
    ctx.store.table('categories').push(row);
    return ok(row);
  });
  router.add('POST', `${ACCOUNT}/portals/:id/articles`, (ctx) => {
    const portal = portalOf(ctx);
    const title = str(ctx.body.title)?.trim();
    if (!title) throw invalid('title', "Title can't be blank");
    authorOf(ctx);
    const status =
      int(ctx.body.status) !== undefined
        ? ARTICLE_STATUSES[int(ctx.body.status) ?? 0]
        : str(ctx.body.status) || 'draft';
    if (!status || !ARTICLE_STATUSES.includes(status)) throw invalid('status', 'Status is not a valid value');
    const row: Row = {
      id: ctx.store.nextId('articles'),
      account_id: portal.account_id,
      portal_id: portal.id,
      title,
      slug: str(ctx.body.slug)?.trim() || `${Date.now()}-${slugify(title)}`,
      content: str(ctx.body.content) ?? '',
      description: str(ctx.body.description) ?? null,
      meta: isDict(ctx.body.meta) ? ctx.body.meta : {},
      position: int(ctx.body.position) ?? null,
      status,
      views: 0,
      locale: str(ctx.body.locale) || 'en',
      category_id: int(ctx.body.category_id) ?? null,
      folder_id: null,
      author_id: authorOf(ctx),
      associated_article_id: int(ctx.body.associated_article_id) ?? null,
    };
    ctx.store.table('articles').push(row);
    return ok(row);
  });

  router.add('GET', `${ACCOUNT}/integrations/apps`, (ctx) => {
    const hooks = rows(ctx, 'integration_hooks');
    return ok({
      payload: APPS.map(([id, name, description, hookType, multiple]) => {
        const own = hooks.filter((hook) => hook.app_id === id);
        return {
          id,
          name,
          description,
          hook_type: hookType,
          enabled: own.length > 0,
          allow_multiple_hooks: multiple,
          hooks: own,
        };
      }),
    });
  });
  router.add('GET', `${ACCOUNT}/audit_logs`, (ctx) => {
    const { page } = pageOf([], ctx.query, 15);
    return ok({ per_page: 15, total_entries: 0, current_page: page, audit_logs: [] });
  });
}

function rows(ctx: Ctx, table: string): Row[] {
  const account = accountOf(ctx);
  return ctx.store.table(table).filter((row) => row.account_id === account.id);
}

function portalOf(ctx: Ctx): Row {
  const key = ctx.params.id;
  return must(rows(ctx, 'portals').find((row) => String(row.id) === key || row.slug === key));
}

function portalFields(ctx: Ctx): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of ['color', 'custom_domain', 'header_text', 'homepage_link', 'page_title']) {
    if (key in ctx.body) fields[key] = str(ctx.body[key]) ?? null;
  }
  if ('archived' in ctx.body) fields.archived = ctx.body.archived === true || ctx.body.archived === 'true';
  if (isDict(ctx.body.config)) fields.config = ctx.body.config;
  // live_chat_widget_params: blank clears; Inbox.find raises for an unknown id; other channels are ignored.
  if ('inbox_id' in ctx.body) {
    const id = int(ctx.body.inbox_id);
    const inbox = id === undefined ? undefined : must(ctx.store.inboxes.find((item) => item.id === id));
    if (!inbox) fields.inbox_id = null;
    else if (inbox.channel_type === 'Channel::WebWidget') fields.inbox_id = inbox.id;
  }
  const slug = str(ctx.body.slug)?.trim();
  if (slug && 'id' in ctx.params) {
    if (ctx.store.table('portals').some((row) => row.slug === slug && String(row.id) !== ctx.params.id)) {
      throw failure('Slug has already been taken');
    }
    fields.slug = slug;
  }
  return fields;
}

function portalView(ctx: Ctx, portal: Row): Record<string, unknown> {
  const categories = rows(ctx, 'categories').filter((row) => row.portal_id === portal.id);
  const articles = rows(ctx, 'articles').filter((row) => row.portal_id === portal.id);
  const count = (status: string) => articles.filter((row) => row.status === status).length;
  const locales = [...new Set(['en', ...categories.map((row) => String(row.locale))])];
  return {
    id: portal.id,
    archived: portal.archived,
    color: portal.color ?? null,
    config: {
      ...(isDict(portal.config) ? portal.config : {}),
      allowed_locales: locales.map((code) => ({
        code,
        articles_count: articles.filter((row) => row.locale === code).length,
        categories_count: categories.filter((row) => row.locale === code).length,
      })),
    },
    custom_domain: portal.custom_domain ?? null,
    header_text: portal.header_text ?? null,
    homepage_link: portal.homepage_link ?? null,
    name: portal.name,
    slug: portal.slug,
    page_title: portal.page_title ?? null,
    account_id: portal.account_id,
    inbox: inboxOf(ctx, portal.inbox_id),
    logo: null,
    meta: {
      all_articles_count: articles.length,
      archived_articles_count: count('archived'),
      published_count: count('published'),
      draft_articles_count: count('draft'),
      categories_count: categories.length,
      default_locale: 'en',
    },
  };
}

/** Article validates author_id's presence; nothing fills it in. */
function authorOf(ctx: Ctx): number {
  const author = int(ctx.body.author_id);
  if (author === undefined) throw invalid('author_id', "Author can't be blank");
  return author;
}

function inboxOf(ctx: Ctx, id: unknown): Record<string, unknown> | null {
  const inbox = ctx.store.inboxes.find((item) => item.id === id);
  return inbox ? inboxView(inbox, true) : null;
}
