/** The listed shape of one file argument. */
export const FILE_SCHEMA = {
  type: 'object',
  description:
    'A file: exactly one of url (http/https), data (base64) or path (a local file, where allowed).',
  properties: {
    url: { type: 'string' },
    data: { type: 'string', description: 'Base64, or a data: URL.' },
    path: { type: 'string' },
    filename: { type: 'string' },
    content_type: { type: 'string' },
  },
} as const;
