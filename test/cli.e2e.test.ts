import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../src/config.js';
import { packageFile } from '../src/paths.js';
import { CLI } from './helpers/mcpClient.js';

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    input: '',
  });
}

describe('the command line', () => {
  it('--help lists every setting with its environment variable and default', () => {
    const { stdout, status } = run(['--help']);
    expect(status).toBe(0);
    for (const setting of Object.values(SETTINGS)) {
      expect(stdout).toContain(`--${setting.flag}`);
      expect(stdout).toContain(setting.env);
      if ('default' in setting) expect(stdout).toContain(`(default: ${setting.default})`);
    }
  });

  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };
    expect(run(['--version']).stdout.trim()).toBe(version);
  });

  it('refuses a malformed config with one line per problem and exit code 2, never echoing a token', () => {
    const { stderr, status, stdout } = run([], {
      CHATWOOT_BASE_URL: 'ftp://chatwoot.example.com',
      CHATWOOT_API_TOKEN: '   ',
      CHATWOOT_ACCOUNT_ID: 'abc',
      CHATWOOT_TIMEOUT_MS: '-5',
      LOG_LEVEL: 'loud',
    });
    expect(status).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^chatwoot-mcp: CHATWOOT_BASE_URL \(--base-url\) must be an http\(s\) URL/);
    expect(stderr).toMatch(/CHATWOOT_API_TOKEN \(--api-token\) must not be empty\n/);
    expect(stderr).toMatch(/CHATWOOT_ACCOUNT_ID \(--account-id\) must be a number, got "abc"/);
    expect(stderr).toMatch(/CHATWOOT_TIMEOUT_MS \(--timeout-ms\) must be positive, got "-5"/);
    expect(stderr).toMatch(/LOG_LEVEL \(--log-level\) must be one of error, warn, info, debug/);
  });

  it('asks for a base URL when there is none, and for known flags only', () => {
    expect(run([]).stderr).toMatch(/CHATWOOT_BASE_URL \(--base-url\) is required \(or use --sandbox/);
    const unknown = run(['--bogus']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--bogus'/);
  });

  it('never prints a token given on the command line when another setting is wrong', () => {
    const { stderr, status } = run([
      '--api-token',
      'secret-token-123',
      '--account-id',
      '0',
      '--base-url',
      'https://x.example',
    ]);
    expect(status).toBe(2);
    expect(stderr).toContain('CHATWOOT_ACCOUNT_ID');
    expect(stderr).not.toContain('secret-token-123');
  });

  it('--report prints each listed tool with its tokens by field, the total and the flags, without serving', () => {
    const full = run(['--report', '--toolsets', 'all', '--tool-mode', 'full'], {
      CHATWOOT_API_TOKEN: 'report-token-1',
      CHATWOOT_PLATFORM_TOKEN: 'report-token-2',
    });
    expect(full.status).toBe(0);
    expect(full.stdout).toMatch(
      /^tool\s+tokens\s+name\s+title\s+description\s+inputSchema\s+annotations\s+flags$/m,
    );
    const row = full.stdout
      .match(/^create_message((?:\s+\d+){6})\s*$/m)?.[1]
      ?.trim()
      .split(/\s+/)
      .map(Number);
    expect(row).toHaveLength(6);
    // The fields add up to the tool's tokens, less the keys and braces around them.
    const [whole = 0, ...fields] = row ?? [];
    expect(fields.reduce((sum, tokens) => sum + tokens, 0)).toBeLessThan(whole);
    expect(fields.reduce((sum, tokens) => sum + tokens, 0)).toBeGreaterThan(whole * 0.8);
    expect(full.stdout).toMatch(/^all fields(\s+\d+){5}\s*$/m);
    const { toolCount } = JSON.parse(readFileSync(packageFile('tools.manifest.json'), 'utf8')) as {
      toolCount: number;
    };
    expect(full.stdout).toMatch(
      new RegExp(`${toolCount} tools listed, \\d+ tokens for the whole tools/list result \\(o200k\\)`),
    );
    expect(full.stdout).toContain('0 flagged');
    const dynamic = run(['--report', '--tool-mode', 'dynamic'], { CHATWOOT_API_TOKEN: 'report-token-1' });
    expect(dynamic.stdout).toMatch(/3 tools listed, (\d{3}) tokens/);
  });
});
