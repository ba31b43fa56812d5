import { describe, expect, it } from 'vitest';
import { connectInMemory } from './helpers/inMemory.js';

describe('argument errors name the argument and what was expected', () => {
  it('a missing enum argument is "required", with its values', async () => {
    const { call } = await connectInMemory('http://127.0.0.1:9', {});
    const { result, text } = await call('client_toggle_typing', {
      inbox_identifier: 'a',
      contact_identifier: 'b',
      conversation_id: 1,
    });
    expect(result.isError).toBe(true);
    expect(text).toContain('"typing_status" is required (expected one of "on", "off")');
  });

  it('a wrong enum value names the allowed ones', async () => {
    const { text } = await connectInMemory('http://127.0.0.1:9', {}).then(({ call }) =>
      call('client_toggle_typing', {
        inbox_identifier: 'a',
        contact_identifier: 'b',
        conversation_id: 1,
        typing_status: 'maybe',
      }),
    );
    expect(text).toMatch(/"typing_status": .*"on"\|"off"/);
  });
});
