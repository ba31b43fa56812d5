import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../src/config.js';
import { packageFile } from '../src/paths.js';

const readme = readFileSync(packageFile('README.md'), 'utf8');
const section = (name: string) =>
  readme.slice(readme.indexOf(`<!-- ${name}:start`), readme.indexOf(`<!-- ${name}:end -->`));

describe('README', () => {
  it('documents every setting with its flag, environment variable and default', () => {
    const rows = section('settings')
      .split('\n')
      .filter((line) => line.startsWith('| `'));
    expect(rows).toHaveLength(Object.keys(SETTINGS).length);
    for (const setting of Object.values(SETTINGS)) {
      const row = rows.find((line) => line.startsWith(`| \`--${setting.flag}\` |`));
      expect(row, setting.flag).toContain(`\`${setting.env}\``);
      if ('default' in setting) expect(row, setting.flag).toContain(`| ${setting.default} |`);
    }
  });

  it('shows the figures of bench/results.md', () => {
    const results = readFileSync(packageFile('bench/results.md'), 'utf8');
    const table = results.split('\n').filter((line) => line.startsWith('|'));
    expect(table.length).toBeGreaterThan(5);
    for (const line of table) expect(section('bench')).toContain(line);
  });

  it('names the test command that CI runs', () => {
    expect(readme).toContain('npm test');
    expect(readFileSync(packageFile('.ci/run'), 'utf8')).toMatch(/npm ci[^\n]*\nnpm test\n/);
  });
});
