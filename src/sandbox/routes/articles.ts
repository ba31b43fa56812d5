import { accountOf, type Ctx, currentUser, ok, param } from '../context.js';
import { must } from '../errors.js';
import { pageOf } from '../paging.js';
import { int, str } from '../params.js';
import type { Router } from '../router.js';
import type { Row } from '../store/types.js';
import { articleView } from '../views/article.js';

const ARTICLES = '/api/v1/accounts/:account_id/portals/:portal_id/articles';

/** Help-center articles of a portal, found by its slug as Chatwoot does. */
export function articleRoutes(router: Router): void {
  router.add('GET', ARTICLES, (ctx) => {
    const portal = portalBySlug(ctx);
    const all = articlesOf(ctx, portal);
    const base = all.filter((row) => matches(ctx, row, false));
    const listed = base.filter((row) => matches(ctx, row, true));
    const byCategory = str(ctx.query.category_slug);
    const sorted = [...listed].sort((a, b) =>
      byCategory
        ? Number(a.position ?? 0) - Number(b.position ?? 0)
        : Number(b.updated_at ?? 0) - Number(a.updated_at ?? 0),
    );
    const { items, page } = pageOf(sorted, ctx.query, 25);
    const count = (status: string) => base.filter((row) => row.status === status).length;
    return ok({
      payload: items.map((row) => articleView(ctx, row)),
      meta: {
        all_articles_count: all.length,
        archived_articles_count: count('archived'),
        articles_count: base.length,
        current_page: page,
        draft_articles_count: count('draft'),
        mine_articles_count: base.filter((row) => row.author_id === currentUser(ctx)?.id).length,
        published_count: count('published'),
      },
    });
  });
  router.add('GET', `${ARTICLES}/:id`, (ctx) => {
    const id = param(ctx, 'id');
    return ok({
      payload: articleView(ctx, must(articlesOf(ctx, portalBySlug(ctx)).find((row) => row.id === id))),
    });
  });
}

function portalBySlug(ctx: Ctx): Row {
  const account = accountOf(ctx);
  return must(
    ctx.store
      .table('portals')
      .find((row) => row.account_id === account.id && row.slug === ctx.params.portal_id),
  );
}

function articlesOf(ctx: Ctx, portal: Row): Row[] {
  return ctx.store.table('articles').filter((row) => row.portal_id === portal.id);
}

/** Article.search: category slug, locale, words; with `own`, also the status and author filters. */
function matches(ctx: Ctx, row: Row, own: boolean): boolean {
  const { query } = ctx;
  const category = ctx.store.table('categories').find((item) => item.id === row.category_id);
  const words = str(query.query)?.toLowerCase();
  const text = `${row.title} ${row.description ?? ''} ${row.content ?? ''}`.toLowerCase();
  return (
    (!str(query.category_slug) || category?.slug === str(query.category_slug)) &&
    (!str(query.locale) || row.locale === str(query.locale)) &&
    (!words || words.split(/\s+/).every((word) => text.includes(word))) &&
    (!own || !str(query.status) || row.status === str(query.status)) &&
    (!own || int(query.author_id) === undefined || row.author_id === int(query.author_id))
  );
}
