import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../src/config.js';
import { packageFile } from '../src/paths.js';

const readme = readFileSync(packageFile('README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { name: string };
interface ServerEntry {
  command: string;
  args: string[];
  env?: Record<string, string>;
}
/** Every ```json block of a piece of the README, parsed. */
const jsonBlocks = (text: string) =>
  [...text.matchAll(/```json\n([\s\S]*?)```/g)].map(
    (match) => JSON.parse(match[1] ?? '') as Record<string, unknown>,
  );
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

  it('parses every JSON block', () => {
    expect(() => jsonBlocks(readme)).not.toThrow();
    expect(jsonBlocks(readme).length).toBeGreaterThan(6);
  });

  it('gives the install paths in order, each npx block running this package', () => {
    const install = section('install');
    const headings = [...install.matchAll(/^### (.+)$/gm)].map((match) => match[1]);
    expect(headings).toEqual([
      'Claude Desktop',
      'Claude Code',
      'Cursor',
      'VS Code',
      'MCP Inspector',
      'Docker',
      'From a clone (contributors)',
    ]);
    const entries = jsonBlocks(install).flatMap((block) =>
      Object.values((block.mcpServers ?? block.servers ?? {}) as Record<string, ServerEntry>),
    );
    const viaNpx = entries.filter((entry) => /npx$/.test(entry.command) || entry.args.includes('npx'));
    expect(viaNpx.length).toBeGreaterThanOrEqual(5);
    for (const entry of viaNpx) expect(entry.args.slice(-2)).toEqual(['-y', pkg.name]);
    const commands = install
      .replace(/\\\n\s*/g, ' ')
      .match(/(claude mcp add|npx @modelcontextprotocol\/inspector) [^`\n]*/g);
    expect(commands?.length).toBeGreaterThanOrEqual(4);
    for (const command of commands ?? []) expect(command).toContain(`npx -y ${pkg.name}`);
  });

  it('keeps tokens out of the VS Code file: every value comes from an input, and the token input is a password', () => {
    const vscode = jsonBlocks(section('install')).find((block) => block.servers) as {
      inputs: { id: string; password?: boolean }[];
      servers: Record<string, ServerEntry>;
    };
    const env = Object.values(vscode.servers).flatMap((entry) => Object.values(entry.env ?? {}));
    const ids = vscode.inputs.map((input) => input.id);
    for (const value of env) expect(ids).toContain(/^\$\{input:([\w-]+)\}$/.exec(value)?.[1]);
    expect(vscode.inputs.find((input) => input.id.includes('token'))?.password).toBe(true);
  });

  it('runs the image that server.json registers, over stdio with -i', () => {
    const server = JSON.parse(readFileSync(packageFile('server.json'), 'utf8')) as {
      packages: { registryType: string; identifier: string }[];
    };
    const image = server.packages.find((entry) => entry.registryType === 'oci')?.identifier.split(':')[0];
    const docker = jsonBlocks(section('install'))
      .flatMap((block) => Object.values((block.mcpServers ?? {}) as Record<string, ServerEntry>))
      .find((entry) => entry.command === 'docker');
    expect(docker?.args).toEqual(expect.arrayContaining(['run', '-i', 'MCP_TRANSPORT=stdio', image]));
    expect(section('install')).toContain(`-e MCP_AUTH_TOKEN`);
  });
});
