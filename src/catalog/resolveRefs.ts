import type { JsonSchema } from './types.js';

const RECURSIVE: JsonSchema = {
  type: 'object',
  description: 'Recursive structure (same shape as its parent).',
};

/**
 * Replaces every local `$ref` ("#/components/…") with its target. A reference that points back into its own chain
 * becomes a plain object, so circular documents resolve to a finite tree. Parts without a reference are returned
 * as they are, not copied: start-up pays only for what changes. Nothing downstream mutates these objects.
 */
export function resolveRefs(document: JsonSchema, value: unknown, chain: readonly string[] = []): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let items: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const resolved = resolveRefs(document, value[index], chain);
      if (resolved !== value[index]) {
        items ??= value.slice();
        items[index] = resolved;
      }
    }
    return items ?? value;
  }
  const record = value as JsonSchema;
  const ref = record.$ref;
  if (typeof ref === 'string') {
    if (chain.includes(ref)) return { ...RECURSIVE };
    return resolveRefs(document, lookup(document, ref), [...chain, ref]);
  }
  let out: JsonSchema | undefined;
  for (const key in record) {
    const child = record[key];
    if (child === null || typeof child !== 'object') continue;
    const resolved = resolveRefs(document, child, chain);
    if (resolved !== child) {
      out ??= { ...record };
      out[key] = resolved;
    }
  }
  return out ?? value;
}

function lookup(document: JsonSchema, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local references are supported, got "${ref}"`);
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || !(key in node))
      throw new Error(`unresolved reference "${ref}"`);
    node = (node as JsonSchema)[key];
  }
  return node;
}
