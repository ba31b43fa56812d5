/**
 * Flattens a value into name/value pairs the way Rails reads query strings and form fields:
 * `labels[]=a&labels[]=b`, `filter[key]=value`. null and undefined are left out.
 */
export function railsPairs(name: string, value: unknown, into: [string, string][] = []): [string, string][] {
  if (value === undefined || value === null) return into;
  if (Array.isArray(value)) {
    for (const item of value) railsPairs(`${name}[]`, item, into);
  } else if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) railsPairs(`${name}[${key}]`, item, into);
  } else {
    into.push([name, String(value)]);
  }
  return into;
}
