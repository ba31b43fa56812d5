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
  const length = response.headers.get('content-length');
  if (Number(length) > MAX_RESPONSE_BYTES) {
    void body.cancel().catch(() => {});
    throw tooLarge();
  }
  // A declared length within the limit bounds what fetch reads (the HTTP parser stops there), unless the body is
  // compressed, when the length is that of the compressed bytes: then, and without a length, the bytes are counted.
  // Read whole, it skips a stream reader and a TextDecoder per reply (the common case: Chatwoot's JSON, not gzipped).
  if (length !== null && response.headers.get('content-encoding') === null) {
    try {
      return await response.text();
    } catch (error) {
      throw cutOff(error);
    }
  }
  return readCounting(body);
}

/** The bytes are kept until the end and decoded once: a TextDecoder per reply costs more than the copy. */
async function readCounting(body: ReadableStream<Uint8Array>): Promise<string> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return utf8Text(chunks, bytes);
      bytes += value.byteLength;
      if (bytes > MAX_RESPONSE_BYTES) {
        void reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    throw error instanceof ChatwootError ? error : cutOff(error);
  }
}

/** UTF-8 as fetch's text() decodes it: a byte order mark dropped, invalid bytes replaced (U+FFFD). */
function utf8Text(chunks: Uint8Array[], bytes: number): string {
  const only = chunks.length === 1 ? (chunks[0] as Uint8Array) : undefined;
  const buffer = only
    ? Buffer.from(only.buffer, only.byteOffset, only.byteLength)
    : Buffer.concat(chunks, bytes);
  const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
  return buffer.toString('utf8', bom ? 3 : 0);
}

function cutOff(error: unknown): ChatwootError {
  const cause = (error as { cause?: { code?: string } }).cause;
  return new ChatwootError(
    'incomplete',
    `the connection closed before the whole reply arrived (${cause?.code ?? (error as Error).message})`,
  );
}
