/** Narrowing of Chatwoot's JSON replies, which this module reads but does not trust to have every field. */
export type Json = Record<string, unknown>;

export const record = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};

export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

export const id = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) ? value : undefined;

/** Chatwoot wraps some replies in `payload` (contacts, labels, inboxes) and lists in `data.payload`. */
export const payloadOf = (reply: unknown): unknown => {
  const outer = record(reply);
  if ('payload' in outer) return outer.payload;
  if ('data' in outer && 'payload' in record(outer.data)) return record(outer.data).payload;
  return reply;
};

/** ISO 8601 without milliseconds, from Unix seconds (or a date string): the same times tool results show. */
export { isoTime } from '../results/view.js';
