import type { Ctx, Env } from '../context.js';
import type { Dict } from '../params.js';
import type { Row } from '../store/types.js';
import { agentView } from './people.js';

/** Chatwoot's two article partials: the help-center one (with author and related articles) and the search one. */
export function articleView(ctx: Ctx, row: Row): Record<string, unknown> {
  const category = ctx.store.table('categories').find((item) => item.id === row.category_id);
  const author =
    typeof row.author_id === 'number' ? ctx.store.membership(row.account_id, row.author_id) : undefined;
  const associated = ctx.store.table('articles').filter((item) => item.associated_article_id === row.id);
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    content: row.content,
    description: row.description,
    status: row.status,
    position: row.position,
    account_id: row.account_id,
    updated_at: row.updated_at ?? null,
    meta: row.meta,
    category: {
      id: row.category_id,
      name: category?.name ?? null,
      slug: category?.slug ?? null,
      locale: category?.locale ?? null,
    },
    views: row.views,
    ...(author ? { author: agentView(ctx, author) } : {}),
    associated_articles: associated.map((item) => ({
      id: item.id,
      title: item.title,
      slug: item.slug,
      status: item.status,
    })),
  };
}

export function searchArticleView(env: Env, article: Row): Dict {
  const portal = env.store.table('portals').find((row) => row.id === article.portal_id);
  const category = env.store.table('categories').find((row) => row.id === article.category_id);
  return {
    id: article.id,
    title: article.title,
    locale: article.locale,
    content: article.content,
    slug: article.slug,
    portal_slug: portal?.slug ?? null,
    account_id: article.account_id,
    category_name: category?.name ?? null,
    status: article.status,
    updated_at: article.updated_at ?? null,
  };
}
