import { isoTime, now } from './clock.js';
import { accountOf, type Ctx, empty, ok, param } from './context.js';
import { HttpError, must } from './errors.js';
import { bool, type Dict, int, str } from './params.js';
import type { Router } from './router.js';
import type { Row } from './store/types.js';

type Action = 'list' | 'show' | 'create' | 'update' | 'delete';

export interface CrudSpec {
  /** Collection path, e.g. `/api/v1/accounts/:account_id/labels`. */
  path: string;
  table: string;
  idParam?: string;
  actions?: Action[];
  /** Validated attributes to store from a request body; `existing` is set on update. */
  fields: (body: Dict, ctx: Ctx, existing?: Row) => Dict;
  required?: string[];
  /** An attribute that must be unique (case-insensitive) within the account. */
  unique?: string;
  timestamps?: 'iso' | 'unix';
  where?: (row: Row, ctx: Ctx) => boolean;
  view?: (row: Row, ctx: Ctx) => unknown;
  list?: (items: unknown[], ctx: Ctx) => unknown;
  one?: (item: unknown) => unknown;
  /** The status of a delete (`head :ok` unless the controller says `head :no_content`). */
  deleted?: 200 | 204;
}

export const humanize = (name: string): string => {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export function crud(router: Router, spec: CrudSpec): void {
  const idParam = spec.idParam ?? 'id';
  const actions = new Set<Action>(spec.actions ?? ['list', 'show', 'create', 'update', 'delete']);
  const member = `${spec.path}/:${idParam}`;
  const rows = (ctx: Ctx): Row[] => ctx.store.table(spec.table);
  const find = (ctx: Ctx): Row => {
    const id = param(ctx, idParam);
    return must(
      rows(ctx).find(
        (row) => row.id === id && row.account_id === accountOf(ctx).id && (spec.where?.(row, ctx) ?? true),
      ),
    );
  };
  const view = (row: Row, ctx: Ctx): unknown => (spec.view ? spec.view(row, ctx) : { ...row });
  const one = (row: Row, ctx: Ctx): unknown => (spec.one ? spec.one(view(row, ctx)) : view(row, ctx));
  const stamp = (): unknown => (spec.timestamps === 'unix' ? now() : isoTime(now()));

  if (actions.has('list')) {
    router.add('GET', spec.path, (ctx) => {
      const account = accountOf(ctx);
      const items = rows(ctx)
        .filter((row) => row.account_id === account.id && (spec.where?.(row, ctx) ?? true))
        .map((row) => view(row, ctx));
      return ok(spec.list ? spec.list(items, ctx) : items);
    });
  }
  if (actions.has('show')) router.add('GET', member, (ctx) => ok(one(find(ctx), ctx)));
  if (actions.has('create')) {
    router.add('POST', spec.path, (ctx) => {
      const fields = spec.fields(ctx.body, ctx);
      validate(spec, ctx, fields);
      const row: Row = { id: ctx.store.nextId(spec.table), account_id: accountOf(ctx).id, ...fields };
      if (spec.timestamps) Object.assign(row, { created_at: stamp(), updated_at: stamp() });
      rows(ctx).push(row);
      return ok(one(row, ctx));
    });
  }
  if (actions.has('update')) {
    const update = (ctx: Ctx) => {
      const row = find(ctx);
      const fields = spec.fields(ctx.body, ctx, row);
      validate(spec, ctx, { ...row, ...fields }, row.id);
      Object.assign(row, fields, spec.timestamps ? { updated_at: stamp() } : {});
      return ok(one(row, ctx));
    };
    router.add('PATCH', member, update);
    router.add('PUT', member, update);
  }
  if (actions.has('delete')) {
    router.add('DELETE', member, (ctx) => {
      const row = find(ctx);
      const table = rows(ctx);
      table.splice(table.indexOf(row), 1);
      return empty(spec.deleted ?? 200);
    });
  }
}

function validate(spec: CrudSpec, ctx: Ctx, fields: Dict, selfId?: number): void {
  const errors: Array<[string, string]> = [];
  for (const name of spec.required ?? []) {
    const value = fields[name];
    if (value === undefined || value === null || value === '')
      errors.push([name, `${humanize(name)} can't be blank`]);
  }
  const key = spec.unique;
  const value = key ? fields[key] : undefined;
  if (key && typeof value === 'string' && value !== '') {
    const taken = ctx.store
      .table(spec.table)
      .some(
        (row) =>
          row.id !== selfId &&
          row.account_id === accountOf(ctx).id &&
          String(row[key]).toLowerCase() === value.toLowerCase(),
      );
    if (taken) errors.push([key, `${humanize(key)} has already been taken`]);
  }
  if (errors.length > 0) {
    throw new HttpError(422, {
      message: errors.map(([, message]) => message).join(', '),
      attributes: errors.map(([name]) => name),
    });
  }
}

/** The attributes named in `defaults`, coerced to the defaults' types: all of them on create, given ones on update. */
export function pick(body: Dict, defaults: Dict, existing?: Row): Dict {
  const fields: Dict = {};
  for (const [name, fallback] of Object.entries(defaults)) {
    if (!(name in body)) {
      if (!existing) fields[name] = fallback;
      continue;
    }
    const value = body[name];
    if (typeof fallback === 'boolean') fields[name] = bool(value) ?? fallback;
    else if (typeof fallback === 'number') fields[name] = int(value) ?? fallback;
    else if (typeof fallback === 'string' || fallback === null)
      fields[name] = value === null ? null : (str(value) ?? value);
    else fields[name] = value;
  }
  return fields;
}
