/** Tokens are estimated, not counted: JSON averages well over 3 characters per o200k token, so this errs short. */
export const CHARS_PER_TOKEN = 3;

export interface Fitted {
  data: unknown;
  /** Set when something was left out: what, and how to get the rest. */
  marker: string | undefined;
}

export interface PagingHints {
  /** The tool pages with `page`: the next page to ask for. */
  nextPage?: number | undefined;
  /** The tool pages messages with `before` (an id). */
  pagesBefore?: boolean;
}

/**
 * Cuts a reply to the budget at a clean JSON boundary: the largest list in it loses items from its end until the
 * whole fits; pagination metadata and everything else stays whole. Lists of messages keep their newest items
 * instead, since `before` pages backwards. Where no list can make it fit, the longest strings are shortened.
 */
export function fitResult(data: unknown, maxTokens: number, hints: PagingHints = {}): Fitted {
  const budget = maxTokens * CHARS_PER_TOKEN;
  const size = (value: unknown) => JSON.stringify(value)?.length ?? 0;
  if (size(data) <= budget) return { data, marker: undefined };

  const list = largestArray(data);
  if (list) {
    const keepNewest = hints.pagesBefore === true;
    const build = (count: number) =>
      replaceAt(
        data,
        list.path,
        keepNewest ? list.items.slice(list.items.length - count) : list.items.slice(0, count),
      );
    let low = 0;
    let high = list.items.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (size(build(middle)) <= budget) low = middle;
      else high = middle - 1;
    }
    if (low > 0 || size(build(0)) <= budget) {
      const kept = keepNewest ? list.items.slice(list.items.length - low) : list.items.slice(0, low);
      const left = list.items.length - low;
      const where = list.path.length > 0 ? `"${list.path.join('.')}"` : 'the list';
      return {
        data: build(low),
        marker: `${left} of ${list.items.length} items of ${where} left out to stay within ${maxTokens} tokens. ${howToNarrow(hints, kept, keepNewest)}`,
      };
    }
  }
  const shortened = shortenStrings(data, budget);
  return {
    data: shortened,
    marker: `Long texts were shortened to stay within ${maxTokens} tokens. ${howToNarrow(hints, [], false)}`,
  };
}

function howToNarrow(hints: PagingHints, items: unknown[], keptNewest: boolean): string {
  if (hints.pagesBefore && keptNewest) {
    const ids = items
      .map((item) => (item as { id?: unknown })?.id)
      .filter((id): id is number => typeof id === 'number');
    const oldestKept = ids.length > 0 ? Math.min(...ids) : undefined;
    return oldestKept !== undefined
      ? `For older items, call again with before: ${oldestKept} (or narrow the query).`
      : 'Call again with before: <oldest id> for older items.';
  }
  if (hints.nextPage !== undefined)
    return `Ask for fewer items: use filters, or page: ${hints.nextPage} for the next page.`;
  return 'Narrow the query (filters, a search term, a smaller page) to see the rest.';
}

interface Found {
  path: (string | number)[];
  items: unknown[];
}

function largestArray(data: unknown, path: (string | number)[] = []): Found | undefined {
  let best: Found | undefined;
  let bestSize = -1;
  const visit = (value: unknown, at: (string | number)[]) => {
    if (Array.isArray(value)) {
      const weight = JSON.stringify(value).length;
      if (value.length > 1 && weight > bestSize) {
        best = { path: at, items: value };
        bestSize = weight;
      }
      for (const [index, child] of value.entries()) visit(child, [...at, index]);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) visit(child, [...at, key]);
    }
  };
  visit(data, path);
  return best;
}

function replaceAt(data: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(data))
    return data.map((item, index) => (index === head ? replaceAt(item, rest, replacement) : item));
  const record = data as Record<string, unknown>;
  return { ...record, [head]: replaceAt(record[head], rest, replacement) };
}

function shortenStrings(data: unknown, budget: number): unknown {
  let limit = 2000;
  let result = data;
  while ((JSON.stringify(result)?.length ?? 0) > budget && limit >= 16) {
    result = clip(data, limit);
    limit = Math.floor(limit / 2);
  }
  return result;
}

function clip(value: unknown, limit: number): unknown {
  if (typeof value === 'string')
    return value.length > limit ? `${value.slice(0, limit)}…[${value.length - limit} characters cut]` : value;
  if (Array.isArray(value)) return value.map((item) => clip(item, limit));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clip(item, limit)]));
  }
  return value;
}
