import { describe, expect, it } from 'vitest';
import { CHARS_PER_TOKEN, fitResult } from '../src/fitResult.js';

const size = (value: unknown) => JSON.stringify(value).length;

describe('fitResult', () => {
  it('cuts a root-level list and says so', () => {
    const data = Array.from({ length: 500 }, (_, id) => ({ id, name: `contact ${id}` }));
    const { data: fitted, marker } = fitResult(data, 300);
    expect(size(fitted)).toBeLessThanOrEqual(300 * CHARS_PER_TOKEN);
    expect((fitted as unknown[])[0]).toEqual({ id: 0, name: 'contact 0' });
    expect(marker).toMatch(/^\d+ of 500 items of the list left out/);
  });

  it('finds the largest list inside a list of objects, and keeps the shape around it', () => {
    const data = {
      data: [
        { meta: { page: 1 }, items: Array.from({ length: 400 }, (_, id) => ({ id, text: 'y'.repeat(50) })) },
      ],
    };
    const { data: fitted, marker } = fitResult(data, 500);
    expect(Array.isArray((fitted as typeof data).data)).toBe(true);
    expect((fitted as typeof data).data[0]?.meta).toEqual({ page: 1 });
    expect(size(fitted)).toBeLessThanOrEqual(500 * CHARS_PER_TOKEN);
    expect(marker).toContain('"data.0.items"');
  });

  it('shortens one huge text when there is no list to cut', () => {
    const { data: fitted, marker } = fitResult({ id: 1, content: 'z'.repeat(100_000) }, 1000);
    expect(size(fitted)).toBeLessThanOrEqual(1000 * CHARS_PER_TOKEN);
    expect((fitted as { content: string }).content).toMatch(/…\[\d+ characters cut\]$/);
    expect(marker).toMatch(/^Long texts were shortened/);
  });

  it('returns what fits unchanged', () => {
    const data = { id: 1 };
    expect(fitResult(data, 100)).toEqual({ data, marker: undefined });
  });
});
