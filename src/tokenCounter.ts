import { LISTING_CHARS_PER_TOKEN } from './tools/modes.js';

export interface TokenCounter {
  count: (text: string) => number;
  /** How the counts were made, for the report's reader. */
  method: string;
}

/**
 * o200k counts where gpt-tokenizer is installed (a clone's dev dependencies); the published package leaves its
 * 2.8 MB of tables out, and there the count is the listing estimate the server itself uses for its budget.
 */
export async function tokenCounter(): Promise<TokenCounter> {
  try {
    const { encode } = await import('gpt-tokenizer/encoding/o200k_base');
    return { count: (text) => encode(text).length, method: 'o200k' };
  } catch {
    return {
      count: (text) => Math.ceil(text.length / LISTING_CHARS_PER_TOKEN),
      method: `estimated at ${LISTING_CHARS_PER_TOKEN} characters per token; install gpt-tokenizer for o200k counts`,
    };
  }
}
