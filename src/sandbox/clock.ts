export const now = (): number => Math.floor(Date.now() / 1000);

export const isoTime = (seconds: number): string => new Date(seconds * 1000).toISOString();

/** Unix seconds from a number of seconds or a date string; null when it is neither. */
export function timeOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.floor(value);
  if (typeof value !== 'string' || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : Math.floor(parsed / 1000);
}
