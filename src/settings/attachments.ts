import * as z from 'zod';
import { boolean, positiveInteger, type Setting } from './schemas.js';

/** Where file arguments may come from, and how large they may be. */
export const ATTACHMENT_SETTINGS = {
  attachmentDir: {
    flag: 'attachment-dir',
    env: 'CHATWOOT_ATTACHMENT_DIR',
    description: 'stdio only: files under this directory may be sent as attachments by path.',
    schema: z.string().trim().min(1, 'must not be empty'),
  },
  attachmentAllowPrivateUrls: {
    flag: 'attachment-allow-private-urls',
    env: 'CHATWOOT_ATTACHMENT_ALLOW_PRIVATE_URLS',
    description:
      'Let attachment URLs point at loopback or private addresses (off: no server-side request forgery).',
    schema: boolean,
    boolean: true,
    default: 'false',
  },
  maxAttachmentBytes: {
    flag: 'max-attachment-bytes',
    env: 'CHATWOOT_MAX_ATTACHMENT_BYTES',
    description: 'Largest file accepted as an attachment (Chatwoot allows 40 MB).',
    schema: positiveInteger.max(1024 * 1024 * 1024),
    default: '41943040',
  },
  attachmentTimeoutMs: {
    flag: 'attachment-timeout-ms',
    env: 'CHATWOOT_ATTACHMENT_TIMEOUT_MS',
    description:
      'Time limit of a whole attachment download from a URL (redirects, headers and every byte), in milliseconds.',
    schema: positiveInteger.max(600_000, 'must be at most 600000'),
    default: '60000',
  },
} satisfies Record<string, Setting>;
