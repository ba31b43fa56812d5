/** Tokens are estimated, not counted: JSON averages well over 3 characters per o200k token, so this errs short. */
export const CHARS_PER_TOKEN = 3;

/** Deeper than any Chatwoot reply: below this, a subtree is replaced by a note (keeps every walk shallow). */
const MAX_DEPTH = 64;
/** How many times in a row the largest list (then the largest object) is cut. */
const MAX_CUTS = 4;
/** Strings up to this long are never shortened. */
const MIN_STRING = 64;
/** What the note on a shortened string costs, about: `…[123456 characters cut]`. */
const CUT_NOTE = 26;

export interface Fitted {
  /** The rendering: JSON text within the budget. */
  text: string;
  /** Set when something was left out: what, and how to get the rest. */
  marker: string | undefined;
}

export interface PagingHints {
  /** The tool pages with `page`: the next page to ask for. */
  nextPage?: number | undefined;
  /** The tool pages messages with `before` (an id): lists keep their newest items. */
  pagesBefore?: boolean;
}

/**
 * Renders a reply as JSON within `maxTokens`, in time linear in its size. The largest lists lose items from
 * their end (the newest are kept when the tool pages backwards) until the whole fits; then long strings are
 * shortened; then large objects lose fields; and if it is still too large, the text itself is cut. Every cut
 * says what was left out and how to get the rest.
 */
export function fitResult(data: unknown, maxTokens: number, hints: PagingHints = {}): Fitted {
  const budget = maxTokens * CHARS_PER_TOKEN;
  // Most replies fit: one stringify, no walk. One too deep to stringify takes the long way (RangeError).
  const whole = stringifyOrUndefined(data);
  if (whole !== undefined && whole.length <= budget) return { text: whole, marker: undefined };

  const notes: string[] = [];
  let current = bound(data, 0);
  if (current !== data) notes.push(`Parts nested deeper than ${MAX_DEPTH} levels were left out.`);
  let size = sizeOf(current);
  const cutLargest = (kind: 'list' | 'object') => {
    for (let cut = 0; cut < MAX_CUTS && size.total > budget; cut++) {
      const collection = size[kind];
      if (!collection) return;
      const { value, note } = cutCollection(current, collection, size.total - budget, hints, maxTokens);
      current = value;
      notes.push(note);
      size = sizeOf(current);
    }
  };
  // Lists first (a page of items is what a model narrows), then long strings, then the fields of large objects.
  cutLargest('list');
  const limit = size.total > budget ? stringLimit(size.longStrings, size.total - budget) : undefined;
  if (limit !== undefined) {
    current = clip(current, limit);
    notes.push(`Long texts were shortened to stay within ${maxTokens} tokens.`);
    size = sizeOf(current);
  }
  cutLargest('object');
  let text = JSON.stringify(current) ?? 'null';
  if (text.length > budget) {
    text = `${text.slice(0, budget)}…`;
    notes.push(`The reply was cut after ${budget} characters (the JSON is not complete).`);
  }
  if (notes.length === 0) return { text, marker: undefined };
  return { text, marker: `${notes.join(' ')} ${howToNarrow(hints, current)}` };
}

function stringifyOrUndefined(data: unknown): string | undefined {
  try {
    return JSON.stringify(data) ?? 'null';
  } catch {
    return undefined;
  }
}

type Path = (string | number)[];

interface Collection {
  path: Path;
  /** Serialized size of each item (array) or entry `"key":value` (object), in order. */
  itemSizes: number[];
  size: number;
}

interface Size {
  total: number;
  list: Collection | undefined;
  object: Collection | undefined;
  /** Lengths of the strings worth shortening. */
  longStrings: number[];
}

/** Serialized size of a value, its largest list and object of more than one item, its long strings: one pass. */
function sizeOf(data: unknown): Size {
  let list: Collection | undefined;
  let object: Collection | undefined;
  const longStrings: number[] = [];
  const path: Path = [];
  const visit = (value: unknown): number => {
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'string' && value.length > MIN_STRING) longStrings.push(value.length);
      return (JSON.stringify(value) ?? 'null').length;
    }
    const isList = Array.isArray(value);
    const itemSizes: number[] = [];
    for (const key in value) {
      path.push(isList ? Number(key) : key);
      const child = visit((value as Record<string, unknown>)[key]);
      path.pop();
      itemSizes.push(isList ? child : JSON.stringify(key).length + 1 + child);
    }
    let size = 2 + Math.max(0, itemSizes.length - 1);
    for (const item of itemSizes) size += item;
    const found = isList ? list : object;
    if (itemSizes.length > 1 && (!found || size > found.size)) {
      const collection = { path: [...path], itemSizes, size };
      if (isList) list = collection;
      else object = collection;
    }
    return size;
  };
  return { total: visit(data), list, object, longStrings };
}

/** The longest string length that frees `excess` characters when every longer string is cut to it. */
function stringLimit(lengths: number[], excess: number): number | undefined {
  if (lengths.length === 0) return undefined;
  const freedAt = (limit: number) =>
    lengths.reduce((sum, length) => sum + Math.max(0, length - limit - CUT_NOTE), 0);
  let low = MIN_STRING;
  let high = Math.max(...lengths);
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (freedAt(middle) >= excess) low = middle;
    else high = middle - 1;
  }
  return low;
}

function cutCollection(
  data: unknown,
  collection: Collection,
  excess: number,
  hints: PagingHints,
  maxTokens: number,
): { value: unknown; note: string } {
  const { path, itemSizes } = collection;
  const count = itemSizes.length;
  const target = valueAt(data, path);
  const fromEnd = hints.pagesBefore === true && Array.isArray(target);
  // Leave out items until the excess is covered (each also frees its comma), keeping at least nothing.
  let freed = 0;
  let kept = count;
  while (kept > 0 && freed < excess) {
    const index = fromEnd ? count - kept : kept - 1;
    freed += (itemSizes[index] ?? 0) + 1;
    kept--;
  }
  const replacement = Array.isArray(target)
    ? fromEnd
      ? target.slice(count - kept)
      : target.slice(0, kept)
    : Object.fromEntries(Object.entries(target as object).slice(0, kept));
  const where = path.length > 0 ? `"${path.join('.')}"` : 'the reply';
  const unit = Array.isArray(target) ? 'items' : 'fields';
  return {
    value: replaceAt(data, path, replacement),
    note: `${count - kept} of ${count} ${unit} of ${where} left out to stay within ${maxTokens} tokens.`,
  };
}

function howToNarrow(hints: PagingHints, data: unknown): string {
  if (hints.pagesBefore) {
    const oldest = oldestId(data);
    return oldest !== undefined
      ? `For older items, call again with before: ${oldest} (or narrow the query).`
      : 'Call again with before: <oldest id> for older items.';
  }
  if (hints.nextPage !== undefined)
    return `Ask for fewer items: use filters, or page: ${hints.nextPage} for the next page.`;
  return 'Narrow the query (filters, a search term, a smaller page) to see the rest.';
}

/** The smallest `id` of the largest list of objects with ids: where a backwards-paging tool continues. */
function oldestId(data: unknown): number | undefined {
  let best: number[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 3 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      const ids = value.map((item) => (item as { id?: unknown })?.id).filter((id) => typeof id === 'number');
      if (ids.length > best.length) best = ids as number[];
      return;
    }
    for (const child of Object.values(value)) visit(child, depth + 1);
  };
  visit(data, 0);
  return best.length > 0 ? Math.min(...best) : undefined;
}

/** The value with every subtree below MAX_DEPTH replaced by a note; untouched (same object) when none is. */
function bound(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return `[nested deeper than ${MAX_DEPTH} levels: left out]`;
  let out: Record<string, unknown> | unknown[] | undefined;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const child = record[key];
    const kept = bound(child, depth + 1);
    if (kept !== child) {
      out ??= Array.isArray(value) ? [...value] : { ...record };
      (out as Record<string, unknown>)[key] = kept;
    }
  }
  return out ?? value;
}

function valueAt(data: unknown, path: Path): unknown {
  let node = data;
  for (const key of path) node = (node as Record<string | number, unknown>)[key];
  return node;
}

function replaceAt(data: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...Path];
  if (Array.isArray(data)) {
    const copy = [...data];
    copy[head as number] = replaceAt(data[head as number], rest, replacement);
    return copy;
  }
  const record = data as Record<string, unknown>;
  return { ...record, [head]: replaceAt(record[head as string], rest, replacement) };
}

function clip(value: unknown, limit: number): unknown {
  if (typeof value === 'string')
    return value.length > limit ? `${value.slice(0, limit)}…[${value.length - limit} characters cut]` : value;
  if (Array.isArray(value)) return value.map((item) => clip(item, limit));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key in value) out[key] = clip((value as Record<string, unknown>)[key], limit);
    return out;
  }
  return value;
}

/**
 * A text (a prompt, a resource) within `maxTokens`: cut at the budget, with a closing line that says so and
 * how to read the rest.
 */
export function fitText(text: string, maxTokens: number, rest: string): string {
  const budget = maxTokens * CHARS_PER_TOKEN;
  if (text.length <= budget) return text;
  return `${text.slice(0, budget)}…\n\n[truncated] The text was cut after ${budget} characters to stay within ${maxTokens} tokens. ${rest}`;
}
