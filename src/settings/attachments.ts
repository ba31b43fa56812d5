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
} satisfies Record<string, Setting>;
