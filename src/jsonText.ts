const JSON_TEXT = Symbol('JSON text');

/**
 * `value`, marked with its JSON text (made when first asked for): a transport that writes JSON may write that text
 * instead of serializing the value again. The mark is a symbol: neither JSON.stringify nor a schema check sees it.
 */
export function withJsonText<T extends object>(value: T, text: () => string): T {
  Object.defineProperty(value, JSON_TEXT, { get: text });
  return value;
}

/** The JSON text `value` was marked with, if any. */
export function jsonTextOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null
    ? (value as Record<symbol, string | undefined>)[JSON_TEXT]
    : undefined;
}
