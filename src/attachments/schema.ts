/** The listed shape of one file argument; the loader checks that exactly one source is given. */
export const FILE_SCHEMA = {
  type: 'object',
  description:
    'A file: one of url, data (base64 or data: URL) or path (local, where allowed); filename and content_type optional.',
  // Listed as the description alone, which gives the shape in words: files are in a dozen tools' listings.
  'x-brief': true,
  properties: {
    url: { type: 'string' },
    data: { type: 'string' },
    path: { type: 'string' },
    filename: { type: 'string' },
    content_type: { type: 'string' },
  },
} as const;
