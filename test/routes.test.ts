// Every route Chatwoot 4.13 draws (config/routes.rb, enterprise branches on) is either a tool, left out for a
// stated reason (it serves the dashboard session, not an API token), or honestly pending.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load.js';
import type { Operation } from '../src/catalog/types.js';
import { packageFile } from '../src/paths.js';

interface Route {
  /** `PATCH|PUT` for Rails' update pair: one action, either verb. */
  method: string;
  path: string;
  action: string;
  /** The file that defines the action: the controller, an enterprise override, or a concern it includes. */
  source?: string;
  enterprise?: boolean;
  status: string;
}

const { routes } = JSON.parse(
  readFileSync(new URL('./data/chatwoot-routes.json', import.meta.url), 'utf8'),
) as {
  routes: Route[];
};
const operations = loadCatalog(packageFile('openapi.json'));
const byId = new Map(operations.map((operation) => [operation.id, operation]));
const raw = JSON.parse(readFileSync(packageFile('openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Record<string, unknown>>>;
};
const extension = (operation: Operation, key: string): unknown =>
  raw.paths[operation.path]?.[operation.method.toLowerCase()]?.[key];

/** Path parameter names differ (`:id` in Rails, `{contact_id}` here): compare the templates without them. */
const template = (path: string) => path.replace(/\{[^}]+\}|:[a-z_]+/g, '{}');
const LEFT_OUT_REASONS = [
  'session',
  'oauth',
  'provider-webhook',
  'widget',
  'billing',
  'onboarding',
  'dashboard',
  'no-action',
];

const covering = (route: Route) => /^covered-by (\S+)$/.exec(route.status)?.[1];

describe('the route list of Chatwoot 4.13', () => {
  it('gives every route a status: covered by a tool, left out with a reason, or pending', () => {
    const unclassified = routes.filter((route) => {
      if (covering(route) || route.status === 'pending') return false;
      const left = /^left-out ([a-z-]+): \S.{10,}$/.exec(route.status);
      return !(left && LEFT_OUT_REASONS.includes(left[1] as string));
    });
    expect(unclassified).toEqual([]);
  });

  it('names one route once', () => {
    const keys = routes.map((route) => `${route.method} ${route.path}`);
    expect(keys.length - new Set(keys).size).toBe(0);
  });

  it("covers each route with an operation of the route's method and path", () => {
    const wrong = routes.flatMap((route) => {
      const id = covering(route);
      if (!id) return [];
      const operation = byId.get(id);
      if (!operation) return [`${route.method} ${route.path}: ${id} is not in openapi.json`];
      const methodFits = route.method.split('|').includes(operation.method);
      return methodFits && template(operation.path) === template(route.path)
        ? []
        : [`${route.method} ${route.path}: ${id} is ${operation.method} ${operation.path}`];
    });
    expect(wrong).toEqual([]);
  });

  it('has a route for every operation, and the source it names is that route', () => {
    const routeOf = new Map(routes.flatMap((route) => (covering(route) ? [[covering(route), route]] : [])));
    const strays = operations
      .filter((operation) => !routeOf.has(operation.id))
      .map((operation) => operation.id);
    expect(strays).toEqual([]);
    const misnamed = operations.flatMap((operation) => {
      const source = extension(operation, 'x-chatwoot-source');
      const route = routeOf.get(operation.id);
      if (typeof source !== 'string' || !route) return [];
      const [controller, action] = route.action.split('#');
      // The action is the controller's own, or one of a concern it includes (e.g. WhatsappHealthManagement).
      const [file, named] = source.split('#');
      const fits =
        named === action && (file === route.source || file?.endsWith(`${controller}_controller.rb`));
      return fits ? [] : [`${operation.id}: ${source}`];
    });
    expect(misnamed).toEqual([]);
  });

  it('marks enterprise-only routes on their operations', () => {
    const unmarked = routes
      .filter((route) => route.enterprise && covering(route))
      .map((route) => byId.get(covering(route) as string) as Operation)
      .filter((operation) => extension(operation, 'x-enterprise') !== true)
      .map((operation) => operation.id);
    expect(unmarked).toEqual([]);
  });

  it('reports the count of routes still pending', () => {
    const pending = routes.filter((route) => route.status === 'pending');
    const covered = routes.filter(covering);
    process.stdout.write(
      `chatwoot routes: ${routes.length} drawn, ${covered.length} covered, ` +
        `${routes.length - covered.length - pending.length} left out, ${pending.length} pending\n`,
    );
    // Pending routes are API routes a token can call, waiting for an operation: never a dashboard route.
    expect(pending.filter((route) => !/^\/(api|platform|public)\//.test(route.path))).toEqual([]);
  });
});
