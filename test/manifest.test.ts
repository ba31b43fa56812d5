import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildManifest, manifestText, readmeWithTable } from '../scripts/manifest.js';
import { packageFile } from '../src/paths.js';

describe('tools.manifest.json', () => {
  const manifest = buildManifest();

  it('is what openapi.json generates (run `npm run manifest` after changing openapi.json)', () => {
    expect(readFileSync(packageFile('tools.manifest.json'), 'utf8')).toBe(manifestText(manifest));
  });

  it("matches the README's tool table", () => {
    const readme = readFileSync(packageFile('README.md'), 'utf8');
    expect(readme).toBe(readmeWithTable(readme, manifest));
  });

  it('records what each tool serves and costs', () => {
    for (const tool of manifest.tools) {
      expect(tool.covers.length, tool.name).toBeGreaterThan(0);
      expect(tool.tokens, tool.name).toBeGreaterThan(20);
    }
  });
});
