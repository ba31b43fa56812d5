import type { IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { ChatwootError } from './errors.js';

/**
 * The largest reply body read from Chatwoot: 10 MB. Larger is no answer a model can use (a page of any list is
 * far smaller), and reading it whole would hold it in memory several times over (bytes, text, parsed, result).
 */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

const tooLarge = () =>
  new ChatwootError('too_large', `the reply is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB`);

/**
 * A reply body as text, unpacked as fetch would (gzip, deflate, br) and read within MAX_RESPONSE_BYTES counted
 * after unpacking. A body cut off by the connection, or that cannot be unpacked, is a ChatwootError too; one
 * that stalls is ended by the caller's timeout (which destroys the response).
 */
export async function readBody(response: IncomingMessage): Promise<string> {
  if (Number(response.headers['content-length']) > MAX_RESPONSE_BYTES) {
    response.destroy();
    throw tooLarge();
  }
  const coding = response.headers['content-encoding']?.trim().toLowerCase();
  if (!coding || coding === 'identity') return collect(response, response);
  // An error while node:zlib loads is seen again by collect (as a close before the end): it must not crash.
  response.on('error', () => {});
  return collect(await unpacked(response, coding), response);
}

/** The bytes are kept until the end and decoded once: cheaper than decoding piece by piece. */
function collect(source: Readable, response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    source.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_RESPONSE_BYTES) {
        reject(tooLarge());
        source.destroy();
        response.destroy();
        return;
      }
      chunks.push(chunk);
    });
    source.once('end', () => resolve(utf8Text(chunks, bytes)));
    source.on('error', (error) => reject(cutOff(error)));
    // A connection that closes mid-body: 'close' without 'end' (and, depending on the moment, an 'error').
    response.once('close', () => {
      if (!response.complete) reject(cutOff(new Error('the connection closed')));
    });
  });
}

/** The body through the decoders of its content codings, last applied first; an unknown coding: as it came. */
async function unpacked(response: IncomingMessage, codings: string): Promise<Readable> {
  const zlib = await import('node:zlib');
  const decoders = codings
    .split(',')
    .reverse()
    .map((coding) => {
      const name = coding.trim();
      if (name === 'gzip' || name === 'x-gzip') return zlib.createGunzip;
      if (name === 'deflate') return zlib.createInflate;
      if (name === 'br') return zlib.createBrotliDecompress;
      return undefined;
    });
  if (decoders.some((decoder) => decoder === undefined)) return response;
  let stream: Readable = response;
  for (const create of decoders as (() => Transform)[]) {
    const decoder = create();
    stream.on('error', (error) => decoder.destroy(error));
    stream = stream.pipe(decoder);
  }
  return stream;
}

/** UTF-8 as fetch's text() decodes it: a byte order mark dropped, invalid bytes replaced (U+FFFD). */
function utf8Text(chunks: Buffer[], bytes: number): string {
  const buffer = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, bytes);
  const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
  return buffer.toString('utf8', bom ? 3 : 0);
}

function cutOff(error: unknown): ChatwootError {
  if (error instanceof ChatwootError) return error;
  const { code, message } = error as { code?: string; message?: string };
  return new ChatwootError(
    'incomplete',
    `the connection closed before the whole reply arrived (${code ?? message})`,
  );
}
