import { ChatwootError } from './errors.js';

/**
 * The largest reply body read from Chatwoot: 10 MB. Larger is no answer a model can use (a page of any list is
 * far smaller), and reading it whole would hold it in memory several times over (bytes, text, parsed, result).
 */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

const tooLarge = () =>
  new ChatwootError('too_large', `the reply is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB`);

/**
 * A reply body as text, read within MAX_RESPONSE_BYTES (the client's timeout aborts a body that stalls). A body
 * cut off by the connection is a ChatwootError too.
 */
export async function readBody(response: Response): Promise<string> {
  const body = response.body;
  if (!body) return '';
  if (Number(response.headers.get('content-length')) > MAX_RESPONSE_BYTES) {
    void body.cancel().catch(() => {});
    throw tooLarge();
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      bytes += value.byteLength;
      if (bytes > MAX_RESPONSE_BYTES) {
        void reader.cancel().catch(() => {});
        throw tooLarge();
      }
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    if (error instanceof ChatwootError) throw error;
    const cause = (error as { cause?: { code?: string } }).cause;
    throw new ChatwootError(
      'incomplete',
      `the connection closed before the whole reply arrived (${cause?.code ?? (error as Error).message})`,
    );
  }
}
