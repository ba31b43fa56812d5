import type { ViewSpec, Views } from '../catalog/types.js';

/**
 * Compact views of Chatwoot's replies, declared in openapi.json (`x-view` on an operation, named views under
 * `components.x-views`) and applied here by one interpreter. A view says which fields a model reads, under which
 * names; everything else is left out, and empty values (null, "", [], {}) are dropped.
 *
 * A view is one of:
 * - a string: the value at that dot path of the current object ("meta.sender.name");
 * - an object with any of
 *   - `from`: a dot path to read first (default: the current value),
 *   - `view`: the name of a declared view to apply,
 *   - `fields`: { outName: view } builds an object, each field read from the current value (with `view`, the
 *     fields are added to the named view's object),
 *   - `time: true`: Unix seconds or a date string become ISO 8601 UTC (zero and unparsable become nothing),
 *   - `map`: { "value": replacement } — an unmapped value becomes nothing, a null replacement drops the field,
 *   - `else`: a view read from the same object when the above yields nothing.
 * `view`, `fields` and `time` apply to each item when the value is a list.
 */
type ViewObject = Exclude<ViewSpec, string>;

/** Chatwoot objects are at most a few levels deep; anything deeper is not worth a model's tokens. */
const MAX_DEPTH = 24;

export function applyView(spec: ViewSpec, value: unknown, views: Views): unknown {
  return compact(project(spec, value, views, 0), 0);
}

function project(spec: ViewSpec, context: unknown, views: Views, depth: number): unknown {
  if (depth > MAX_DEPTH) return undefined;
  if (typeof spec === 'string') return at(context, spec);
  let value = spec.from === undefined ? context : at(context, spec.from);
  if (spec.map) value = mapped(spec.map, value);
  else if (value !== undefined) value = shaped(spec, value, views, depth);
  if (value === undefined && spec.else !== undefined) return project(spec.else, context, views, depth + 1);
  return value;
}

function shaped(spec: ViewObject, value: unknown, views: Views, depth: number): unknown {
  if (Array.isArray(value) && (spec.view || spec.fields || spec.time))
    return value.map((item) => shaped(spec, item, views, depth + 1));
  if (spec.time) return isoTime(value);
  let base: unknown;
  if (spec.view !== undefined) {
    const named = views[spec.view];
    if (named === undefined) throw new Error(`unknown view "${spec.view}"`);
    base = project(named, value, views, depth + 1);
    if (!spec.fields) return base;
  }
  if (spec.fields) {
    if (value === null || typeof value !== 'object') return base;
    // With `view` too, the fields extend the named view's object.
    const out: Record<string, unknown> = base !== null && typeof base === 'object' ? { ...base } : {};
    for (const [name, field] of Object.entries(spec.fields))
      out[name] = project(field, value, views, depth + 1);
    return out;
  }
  return value;
}

function mapped(table: Record<string, unknown>, value: unknown): unknown {
  if (value === undefined || value === null || typeof value === 'object') return undefined;
  const key = String(value);
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function at(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** ISO 8601 UTC without milliseconds, from Unix seconds or a date string; nothing for zero or garbage. */
export function isoTime(value: unknown): string | undefined {
  const millis =
    typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(millis) || millis <= 0) return undefined;
  return new Date(millis).toISOString().replace('.000Z', 'Z');
}

/**
 * Drops what says nothing (undefined, null, "", empty lists and objects below the reply's own fields) at every
 * level, and cuts what is nested deeper than any Chatwoot object. Also the whole view of a reply without one.
 */
export function compact(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return `[nested deeper than ${MAX_DEPTH} levels: left out]`;
  if (Array.isArray(value)) {
    // Positions can mean something (a report's matrix, a time series): an empty item stays, as null. A reply's
    // own lists stay even when empty: "no webhooks" is an answer.
    if (value.length === 0) return depth <= 1 ? [] : undefined;
    return value.map((item) => compact(item, depth + 1) ?? null);
  }
  const out: Record<string, unknown> = {};
  let any = false;
  for (const key in value) {
    const kept = compact((value as Record<string, unknown>)[key], depth + 1);
    if (kept !== undefined) {
      out[key] = kept;
      any = true;
    }
  }
  return any ? out : undefined;
}
