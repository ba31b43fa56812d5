// The esbuild settings of dist/, shared with the bench, whose baseline server is bundled the same way.

/** @type {import('esbuild').BuildOptions} */
export const BUNDLE_SETTINGS = {
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Minified, the bundle parses in half the time; errors shown to users are our own sentences, not stacks.
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
};

/** ESM output meets CommonJS inside some libraries: they get a `require`. */
export const REQUIRE_SHIM =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";
