import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, extname, resolve, sep } from 'node:path';
import { AttachmentError } from './errors.js';
import { fetchUrl } from './fetchUrl.js';

export interface AttachmentPolicy {
  maxBytes: number;
  allowPrivateUrls: boolean;
  /** Local files may be sent from inside this directory only; undefined: no local files. */
  directory: string | undefined;
  timeoutMs: number;
  /** The whole download from a URL, however slowly it trickles in. */
  deadlineMs: number;
}

export interface Upload {
  field: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

interface FileArgument {
  url?: string;
  data?: string;
  path?: string;
  filename?: string;
  content_type?: string;
}

/** Reads every file argument; any problem stops everything, so nothing is sent with a file missing. */
export async function loadUploads(
  files: { field: string; argument: string; value: unknown }[],
  policy: AttachmentPolicy,
  signal?: AbortSignal,
): Promise<Upload[]> {
  const uploads: Upload[] = [];
  for (const { field, argument, value } of files) {
    const items = Array.isArray(value) ? value : [value];
    for (const [index, item] of items.entries()) {
      const where = Array.isArray(value) ? `${argument}[${index}]` : argument;
      try {
        uploads.push({ field, ...(await loadOne(item as FileArgument, policy, signal)) });
      } catch (error) {
        throw new AttachmentError(`"${where}": ${(error as Error).message}`);
      }
    }
  }
  return uploads;
}

async function loadOne(file: FileArgument, policy: AttachmentPolicy, signal?: AbortSignal) {
  const sources = (['url', 'data', 'path'] as const).filter((key) => typeof file?.[key] === 'string');
  if (sources.length !== 1) {
    throw new AttachmentError(
      `give exactly one of url, data or path (got ${sources.length === 0 ? 'none' : sources.join(' and ')})`,
    );
  }
  const loaded =
    file.data !== undefined
      ? fromData(file.data, policy)
      : file.path !== undefined
        ? await fromPath(file.path, policy)
        : await fromUrl(file.url as string, policy, signal);
  const filename = file.filename ?? loaded.name ?? 'attachment';
  return {
    filename,
    contentType: file.content_type ?? loaded.contentType ?? typeFromName(filename),
    bytes: loaded.bytes,
  };
}

interface Loaded {
  bytes: Buffer;
  name?: string | undefined;
  contentType?: string | undefined;
}

function fromData(data: string, policy: AttachmentPolicy): Loaded {
  const dataUrl = /^data:([^;,]+)?(;[^,]*)?;base64,/i.exec(data);
  const base64 = (dataUrl ? data.slice(dataUrl[0].length) : data).replace(/\s+/g, '');
  if (base64.length === 0 || base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    throw new AttachmentError('data is not valid base64');
  }
  if ((base64.length / 4) * 3 > policy.maxBytes + 2)
    throw new AttachmentError(`the file is larger than ${policy.maxBytes} bytes`);
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > policy.maxBytes)
    throw new AttachmentError(`the file is larger than ${policy.maxBytes} bytes`);
  return { bytes, contentType: dataUrl?.[1] };
}

async function fromPath(path: string, policy: AttachmentPolicy): Promise<Loaded> {
  if (!policy.directory) {
    throw new AttachmentError(
      'local files are off: set CHATWOOT_ATTACHMENT_DIR (stdio only) to allow a directory',
    );
  }
  const root = await realpath(policy.directory);
  let real: string;
  try {
    real = await realpath(resolve(root, path));
  } catch {
    throw new AttachmentError(`cannot read ${path}: no such file`);
  }
  if (real !== root && !real.startsWith(`${root}${sep}`)) {
    throw new AttachmentError(`${path} is outside the allowed directory`);
  }
  const info = await stat(real);
  if (!info.isFile()) throw new AttachmentError(`${path} is not a file`);
  if (info.size > policy.maxBytes)
    throw new AttachmentError(`${path} is larger than ${policy.maxBytes} bytes`);
  return { bytes: await readFile(real), name: basename(real) };
}

async function fromUrl(url: string, policy: AttachmentPolicy, signal?: AbortSignal): Promise<Loaded> {
  const fetched = await fetchUrl(url, {
    maxBytes: policy.maxBytes,
    allowPrivate: policy.allowPrivateUrls,
    timeoutMs: policy.timeoutMs,
    deadlineMs: policy.deadlineMs,
    signal,
  });
  const name = decodeURIComponent(fetched.finalUrl.pathname.split('/').pop() ?? '') || undefined;
  return { bytes: fetched.bytes, name, contentType: fetched.contentType };
}

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.zip': 'application/zip',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.mp4': 'video/mp4',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function typeFromName(name: string): string {
  return TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}
