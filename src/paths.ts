import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the nearest folder up with a package.json, from src/, dist/ or any chunk of dist/. */
const root = (() => {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('chatwoot-mcp: cannot find its package.json');
    folder = parent;
  }
  return folder;
})();

/** A file at the package root. */
export function packageFile(name: string): string {
  return join(root, name);
}
