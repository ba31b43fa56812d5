export function median(values: number[]): number {
  return percentile(values, 50);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export const fixed = (value: number, digits = 2) => value.toFixed(digits);

/** "median (min–max)" of figures taken once per round: how far the rounds of one run disagree. */
export function spread(values: number[], digits = 2, unit = ''): string {
  const low = Math.min(...values);
  const high = Math.max(...values);
  const suffix = unit ? ` ${unit}` : '';
  return `${fixed(median(values), digits)}${suffix} (${fixed(low, digits)}–${fixed(high, digits)})`;
}
