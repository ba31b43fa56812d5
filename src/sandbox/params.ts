export type Dict = Record<string, unknown>;

export const isDict = (value: unknown): value is Dict =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const dict = (value: unknown): Dict => (isDict(value) ? value : {});

export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function int(value: unknown): number | undefined {
  const text = str(value)?.trim();
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  return Number(text);
}

export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = str(value)?.toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return undefined;
}

export function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return value === '' ? [] : value.split(',').map((item) => item.trim());
  if (value === undefined || value === null) return [];
  return [value];
}

export const strings = (value: unknown): string[] =>
  list(value).flatMap((item) => (str(item) === undefined ? [] : [str(item) as string]));

/** A label list as LabelConcern sets it: trimmed names, no blanks, no repeats. */
export const labelNames = (value: unknown): string[] => [
  ...new Set(
    strings(value)
      .map((label) => label.trim())
      .filter(Boolean),
  ),
];

export const ints = (value: unknown): number[] =>
  list(value).flatMap((item) => (int(item) === undefined ? [] : [int(item) as number]));

/** A JSON object given as a string (multipart and form bodies) or as an object. */
export function jsonObject(value: unknown): Dict | undefined {
  if (isDict(value)) return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    return dict(JSON.parse(value));
  } catch {
    return undefined;
  }
}

/** Rails' nested parameter names: `a`, `a[]`, `a[b]`, `a[b][]`, `a[][b]`. */
export function assignParam(target: Dict, key: string, value: unknown): void {
  const [head = '', ...rest] = key.split('[');
  const path = [head, ...rest.map((part) => part.replace(/\]$/, ''))];
  let node: Dict = target;
  for (let i = 0; i < path.length; i++) {
    const name = path[i] ?? '';
    const next = path[i + 1];
    if (next === undefined) {
      node[name] = value;
      return;
    }
    if (next === '') {
      const array = Array.isArray(node[name]) ? (node[name] as unknown[]) : [];
      node[name] = array;
      const field = path[i + 2];
      if (field === undefined) {
        array.push(value);
        return;
      }
      const last = array[array.length - 1];
      const holder = isDict(last) && !(field in last) ? last : {};
      if (holder !== last) array.push(holder);
      assignParam(
        holder,
        path
          .slice(i + 2)
          .map((part, index) => (index === 0 ? part : `[${part}]`))
          .join(''),
        value,
      );
      return;
    }
    const child = isDict(node[name]) ? (node[name] as Dict) : {};
    node[name] = child;
    node = child;
  }
}

export function paramsFrom(entries: Iterable<[string, unknown]>): Dict {
  const target: Dict = {};
  for (const [key, value] of entries) assignParam(target, key, value);
  return target;
}
