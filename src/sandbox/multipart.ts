import { failure } from './errors.js';

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface MultipartResult {
  fields: Array<[string, string]>;
  files: UploadedFile[];
}

const HEADER_END = Buffer.from('\r\n\r\n');

export function boundaryOf(contentType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

export function parseMultipart(body: Buffer, contentType: string): MultipartResult {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw failure('multipart/form-data body without a boundary', 400);
  const delimiter = Buffer.from(`--${boundary}`);
  const result: MultipartResult = { fields: [], files: [] };
  let start = body.indexOf(delimiter);
  if (start < 0) throw failure('multipart/form-data body without any part', 400);
  while (start >= 0) {
    const partStart = start + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, partStart);
    if (next < 0) throw failure('multipart/form-data body is truncated', 400);
    readPart(body.subarray(partStart, next), result);
    start = next;
  }
  return result;
}

function readPart(raw: Buffer, result: MultipartResult): void {
  const part = raw.subarray(raw.indexOf('\r\n') === 0 ? 2 : 0);
  const headerEnd = part.indexOf(HEADER_END);
  if (headerEnd < 0) return;
  const headers = parseHeaders(part.subarray(0, headerEnd).toString('utf8'));
  const content = part.subarray(headerEnd + HEADER_END.length, trimmedEnd(part));
  const disposition = headers.get('content-disposition') ?? '';
  const name = dispositionParam(disposition, 'name');
  if (name === undefined) return;
  const filename = dispositionParam(disposition, 'filename*') ?? dispositionParam(disposition, 'filename');
  if (filename === undefined) {
    result.fields.push([name, content.toString('utf8')]);
    return;
  }
  const contentType = headers.get('content-type') ?? 'application/octet-stream';
  result.files.push({ field: name, filename, contentType, data: Buffer.from(content) });
}

function trimmedEnd(part: Buffer): number {
  return part.subarray(part.length - 2).toString() === '\r\n' ? part.length - 2 : part.length;
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function dispositionParam(disposition: string, key: string): string | undefined {
  const escaped = key.replace('*', '\\*');
  const match = new RegExp(`(?:^|;)\\s*${escaped}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i').exec(
    disposition,
  );
  if (!match) return undefined;
  const value = match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? '').trim();
  if (!key.endsWith('*')) return value;
  const encoded = /^[^']*'[^']*'(.*)$/.exec(value)?.[1];
  return encoded === undefined ? value : decodeURIComponent(encoded);
}
