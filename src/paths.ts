import { fileURLToPath } from 'node:url';

/** A file at the package root, from src/ (tests) and from the bundled dist/ alike. */
export function packageFile(name: string): string {
  return fileURLToPath(new URL(`../${name}`, import.meta.url));
}
