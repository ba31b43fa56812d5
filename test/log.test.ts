import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../src/log.js';

describe('the stderr log', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes the first line of a turn at once and the rest of the turn in one write, in order', async () => {
    const writes: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((text) => {
      writes.push(String(text));
      return true;
    });
    const log = createLogger('info', (text) => text.replaceAll('secret', '[redacted]'));
    log.info('first');
    expect(writes).toEqual(['chatwoot-mcp info: first\n']);
    log.warn('second secret');
    log.debug('below the level');
    log.error('third');
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([
      'chatwoot-mcp info: first\n',
      'chatwoot-mcp warn: second [redacted]\nchatwoot-mcp error: third\n',
    ]);
    log.info('next turn');
    expect(writes.at(-1)).toBe('chatwoot-mcp info: next turn\n');
  });
});
