import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packageFile } from '../src/paths.js';

const read = (file: string) => readFileSync(packageFile(`dist/${file}`), 'utf8');
/** The files a module loads before it runs (import … from "./…", import "./…", export … from), not its import()s. */
const staticImports = (code: string) =>
  [...code.matchAll(/\b(?:import|export)\s*(?:[^"'()]*?\bfrom\s*)?"(\.[^"]+)"/g)].map((match) => match[1]);

describe('the start-up bundle (scripts/build.mjs)', () => {
  it('reads one file of code at start-up: dist/cli.js imports no chunk before it runs', () => {
    expect(staticImports(read('cli.js'))).toEqual([]);
    // What it loads later stays in chunks of its own.
    expect(read('cli.js')).toMatch(/import\("\.\/chunks\/http-\w+\.js"\)/);
  });

  it("leaves the chunks the lazy parts share with start-up as stubs of the entry's exports", () => {
    const chunks = readdirSync(packageFile('dist/chunks')).filter((file) => file.startsWith('chunk-'));
    const stubs = chunks.filter((file) => staticImports(read(`chunks/${file}`)).includes('../cli.js'));
    expect(stubs.length).toBeGreaterThan(5);
    for (const stub of stubs)
      expect(read(`chunks/${stub}`)).toMatch(/^export \{[^}]*\} from "\.\.\/cli\.js";\n$/);
  });

  it('builds the health check as a file of its own: importing the entry would start a server', () => {
    expect(staticImports(read('healthcheck.js'))).toEqual([]);
  });
});
