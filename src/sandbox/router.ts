import { BOT_ROUTES, isAdminOnly, routeKey } from './access.js';
import type { Handler } from './context.js';

export type Family = 'application' | 'platform' | 'public';

export interface Route {
  method: string;
  pattern: string;
  family: Family;
  /** Agent-bot tokens are accepted here too. */
  bot: boolean;
  /** Agents who are not administrators are refused. */
  admin: boolean;
  handler: Handler;
  segments: string[];
}

export interface Match {
  route: Route;
  params: Record<string, string>;
}

export function familyOf(pattern: string): Family {
  if (pattern.startsWith('/platform/')) return 'platform';
  if (pattern.startsWith('/api/') || pattern.startsWith('/accounts/')) return 'application';
  return 'public';
}

export class Router {
  readonly #routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): void {
    const key = routeKey(method, pattern);
    this.#routes.push({
      method,
      pattern,
      family: familyOf(pattern),
      bot: BOT_ROUTES.has(key),
      admin: familyOf(pattern) === 'application' && isAdminOnly(key),
      handler,
      segments: pattern.split('/'),
    });
  }

  match(method: string, path: string): Match | undefined {
    const exact = this.#best(method, path.split('/'));
    if (exact || !path.endsWith('/') || path === '/') return exact;
    return this.#best(method, path.slice(0, -1).split('/'));
  }

  #best(method: string, segments: string[]): Match | undefined {
    let best: { match: Match; score: string } | undefined;
    for (const route of this.#routes) {
      if (route.method !== method || route.segments.length !== segments.length) continue;
      const params = bind(route.segments, segments);
      if (!params) continue;
      const score = route.segments.map((part) => (part.startsWith(':') ? '0' : '1')).join('');
      if (!best || score > best.score) best = { match: { route, params }, score };
    }
    return best?.match;
  }
}

function bind(pattern: string[], segments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i] ?? '';
    const segment = segments[i] ?? '';
    if (part.startsWith(':')) {
      if (segment === '') return undefined;
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
      } catch {
        return undefined;
      }
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}
