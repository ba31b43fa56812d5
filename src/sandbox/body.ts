import type { IncomingMessage } from 'node:http';
import { failure, HttpError } from './errors.js';
import { parseMultipart, type UploadedFile } from './multipart.js';
import { type Dict, isDict, paramsFrom } from './params.js';

const MAX_BODY_BYTES = 40 * 1024 * 1024;

export interface ParsedBody {
  body: Dict;
  files: UploadedFile[];
}

export async function readBody(req: IncomingMessage): Promise<ParsedBody> {
  const raw = await collect(req);
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.toLowerCase().startsWith('multipart/form-data')) {
    const { fields, files } = parseMultipart(raw, contentType);
    return { body: paramsFrom(fields), files };
  }
  const text = raw.toString('utf8');
  if (text.trim() === '') return { body: {}, files: [] };
  if (contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return { body: paramsFrom(new URLSearchParams(text)), files: [] };
  }
  return { body: parseJson(text), files: [] };
}

function parseJson(text: string): Dict {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw failure(`Error occurred while parsing request parameters: ${reason}`, 400);
  }
  return isDict(parsed) ? parsed : { _json: parsed };
}

function collect(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, { error: 'Request body is larger than the sandbox accepts' }));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
