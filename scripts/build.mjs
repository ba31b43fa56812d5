// Bundles the server: start-up reads a few files instead of hundreds from node_modules. What is loaded only on
// demand (the sandbox with --sandbox, attachments on their first use) goes into chunks of its own, not parsed at start.
// The bundle carries every library it runs, so the published package installs nothing it does not load:
// package.json's `dependencies` are exactly what the bundle leaves out and imports at run time (none today), and
// its optional peers (the tokenizer of `--report`) are imported only where they are installed.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { BUNDLE_SETTINGS, REQUIRE_SHIM } from './bundleSettings.mjs';

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // `npm ci --omit=dev` in a clone runs `prepare` without the toolchain: say so, and leave the install whole.
  if (process.env.npm_lifecycle_event !== 'prepare') throw new Error('esbuild is not installed: run npm ci');
  process.stderr.write(
    'chatwoot-mcp: no build (esbuild is a dev dependency); run `npm ci` to build dist/.\n',
  );
  process.exit(0);
}

const { dependencies = {}, peerDependencies = {} } = JSON.parse(readFileSync('package.json', 'utf8'));
// A self-contained image has no npm to add a peer later: BUNDLE_PEERS=ioredis puts that peer in the bundle (in a
// chunk of its own, loaded only with --redis-url), as the Dockerfile's build does.
const bundled = (process.env.BUNDLE_PEERS ?? '').split(',').map((name) => name.trim());
const external = [...Object.keys(dependencies), ...Object.keys(peerDependencies)].filter(
  (name) => !bundled.includes(name),
);
rmSync('dist', { recursive: true, force: true });
// What start-up reads of the API, and what search reads on its first use (see src/tools/precompiled.ts).
const COMPILED_CATALOG = { catalog: 'dist/catalog.json', intents: 'dist/intents.json' };
// The API description the server serves as a resource, minified: a quarter smaller to read, and to ship.
const API_DESCRIPTION = 'dist/openapi.json';

// The SDK's Server imports Ajv for a default JSON Schema validator that ours never builds: it is given
// src/jsonSchemaValidator.ts. Left out, start-up neither parses nor evaluates Ajv (about 130 kB with its formats).
const withoutAjv = replacedModule(
  'without-ajv',
  /\/validation\/ajv-provider\.js$/,
  "export class AjvJsonSchemaValidator { constructor() { throw new Error('Ajv is left out of the bundle: give the server a jsonSchemaValidator'); } }",
);

// raw-body (the SDK's SSE transport reads a POST with it) decodes through iconv-lite, whose tables are about 200 kB
// of the packed package. Node's own TextDecoder (full ICU) knows the encodings a JSON-RPC POST may declare; an
// unknown one gets raw-body's 415, as with iconv-lite.
const ICONV_BY_TEXT_DECODER = `
const decoderFor = (encoding) => {
  try { return new TextDecoder(encoding); }
  catch { throw new Error("Encoding not recognized: '" + encoding + "' (searched as: '" + encoding + "')"); }
};
module.exports = {
  encodingExists: (encoding) => { try { new TextDecoder(encoding); return true; } catch { return false; } },
  getDecoder: (encoding) => {
    const decoder = decoderFor(encoding);
    return { write: (bytes) => decoder.decode(bytes, { stream: true }), end: () => decoder.decode() || undefined };
  },
  decode: (bytes, encoding) => decoderFor(encoding).decode(bytes),
};
`;
const iconvByTextDecoder = replacedModule('iconv-by-text-decoder', /^iconv-lite$/, ICONV_BY_TEXT_DECODER);

/** A plugin that bundles `contents` in place of every module whose path matches `filter`. */
function replacedModule(name, filter, contents) {
  return {
    name,
    setup(build) {
      build.onResolve({ filter }, ({ path }) => ({ path, namespace: name }));
      build.onLoad({ filter: /.*/, namespace: name }, () => ({ contents, loader: 'js' }));
    },
  };
}

const entry = {
  ...BUNDLE_SETTINGS,
  plugins: [withoutAjv, iconvByTextDecoder],
  outdir: 'dist',
  external,
  banner: { js: `#!/usr/bin/env node\n${REQUIRE_SHIM}` },
  define: {
    __COMPILED_CATALOG__: JSON.stringify(COMPILED_CATALOG),
    __API_DESCRIPTION__: JSON.stringify(API_DESCRIPTION),
  },
};
const { metafile } = await esbuild.build({ ...entry, entryPoints: ['src/cli.ts'], metafile: true });
await mergeStartChunks(metafile, 'dist/cli.js');
// The container's health check is a process of its own that shares nothing with a running server: one file.
await esbuild.build({ ...entry, entryPoints: ['src/healthcheck.ts'], splitting: false });

/** The lazy chunks stay files of their own: a dynamic import() is left as it is, its path taken from `outdir`. */
function lazyChunksLeftOut(outdir) {
  return {
    name: 'lazy-chunks-left-out',
    setup(build) {
      build.onResolve({ filter: /^\./ }, ({ kind, path, resolveDir }) =>
        kind === 'dynamic-import'
          ? { path: `./${relative(outdir, resolve(resolveDir, path))}`, external: true }
          : undefined,
      );
    },
  };
}

/** The files merged into one share one `require` (each had its own: createRequire costs about 40 µs a call). */
function oneRequireShim() {
  return {
    name: 'one-require-shim',
    setup(build) {
      build.onLoad({ filter: /\.js$/ }, ({ path }) => ({
        contents: readFileSync(path, 'utf8').replace(REQUIRE_SHIM, ''),
        loader: 'js',
      }));
    },
  };
}

/**
 * Start-up reads one file. Splitting puts what the lazy parts (HTTP, the sandbox, events, prompts…) share with
 * start-up into a dozen small chunks, and Node's ESM loader costs about a millisecond for each file it resolves,
 * reads, compiles and links: 14 chunks were 12 ms of a 110 ms start. So the entry is bundled once more together
 * with the chunks it imports, exporting what they exported; each of those chunks becomes a stub that re-exports it
 * from the entry, for the lazy chunks that import it (they load after the entry ran, so they find it loaded).
 */
async function mergeStartChunks({ outputs }, entryFile) {
  const chunks = [];
  const visit = (file) => {
    for (const { path, kind } of outputs[file].imports)
      if (kind === 'import-statement' && outputs[path] && !chunks.includes(path)) {
        chunks.push(path);
        visit(path);
      }
  };
  visit(entryFile);
  const exported = (index, name) => `c${index}_${name}`;
  const source = [
    `import ${JSON.stringify(`./${basename(entryFile)}`)};`,
    ...chunks.map(
      (chunk, index) =>
        `export { ${outputs[chunk].exports.map((name) => `${name} as ${exported(index, name)}`).join(', ')} } from ${JSON.stringify(`./${relative(dirname(entryFile), chunk)}`)};`,
    ),
  ].join('\n');
  await esbuild.build({
    ...BUNDLE_SETTINGS,
    splitting: false,
    stdin: { contents: source, resolveDir: dirname(entryFile), sourcefile: 'start.js' },
    outfile: entryFile,
    allowOverwrite: true,
    external,
    plugins: [lazyChunksLeftOut(dirname(entryFile)), oneRequireShim()],
    banner: entry.banner,
  });
  chunks.forEach((chunk, index) => {
    const names = outputs[chunk].exports.map((name) => `${exported(index, name)} as ${name}`);
    writeFileSync(
      chunk,
      `export { ${names.join(', ')} } from ${JSON.stringify(relative(dirname(chunk), entryFile).replace(/^(?!\.)/, './'))};\n`,
    );
  });
}

// What start-up would derive from openapi.json (refs resolved, operations, their listings), derived once here by
// the same code: the server reads one compact file instead. openapi.json stays the source (the sources read it).
const compiler = 'dist/compileCatalog.mjs';
await esbuild.build({
  ...BUNDLE_SETTINGS,
  splitting: false,
  entryPoints: ['src/tools/precompiled.ts'],
  outfile: compiler,
});
const { compileCatalog } = await import(`../${compiler}`);
const description = JSON.parse(readFileSync('openapi.json', 'utf8'));
const withoutIntents = (key, value) => (key === 'x-intents' ? undefined : value);
const compiled = compileCatalog(description);
writeFileSync(COMPILED_CATALOG.catalog, compiled.catalog);
writeFileSync(COMPILED_CATALOG.intents, compiled.intents);
// Served without x-intents: search phrasings (search_tools reads them from the compiled catalog) that a model reading
// the API has no use for, and that would ship twice (about 20 kB of the packed package).
writeFileSync(API_DESCRIPTION, JSON.stringify(description, withoutIntents));
rmSync(compiler);
