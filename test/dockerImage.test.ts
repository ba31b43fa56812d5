import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageFile } from '../src/paths.js';

// No Docker engine runs here: these tests check what the image relies on, in a directory laid out like it.
const dockerfile = readFileSync(packageFile('Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ');
const ignored = readFileSync(packageFile('.dockerignore'), 'utf8').split('\n').filter(Boolean);
const stages = dockerfile.split(/^FROM /m).slice(1);
const runtimeStage = stages.at(-1) ?? '';
const instruction = (stage: string, name: string) =>
  [...stage.matchAll(new RegExp(`^${name} (.+)$`, 'gm'))].map((match) => match[1]?.trim() ?? '');

const imageEnv = Object.fromEntries(
  [...(instruction(runtimeStage, 'ENV')[0] ?? '').matchAll(/(\w+)=(\S+)/g)].map((match) => [
    match[1],
    match[2],
  ]),
);
const entrypoint = JSON.parse(instruction(runtimeStage, 'ENTRYPOINT')[0] ?? '[]') as string[];
const healthcheck = JSON.parse(/HEALTHCHECK .*?CMD (\[.*\])$/m.exec(runtimeStage)?.[1] ?? '[]') as string[];

const image = mkdtempSync(join(tmpdir(), 'chatwoot-mcp-image-'));
const running: ChildProcess[] = [];
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(image, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('the Dockerfile', () => {
  it('builds in one stage and runs in another, as a non-root user', () => {
    expect(stages).toHaveLength(2);
    expect(instruction(runtimeStage, 'USER')).toEqual(['node']);
    expect(runtimeStage).not.toMatch(/npm (ci|install)/);
  });

  it('copies only files that exist and that .dockerignore lets through', () => {
    for (const copy of instruction(dockerfile, 'COPY').filter((line) => !line.startsWith('--from'))) {
      const sources = copy.split(/\s+/).slice(0, -1);
      for (const source of sources) {
        expect(existsSync(packageFile(source)), source).toBe(true);
        expect(
          ignored.some((pattern) => source === pattern || source.startsWith(`${pattern}/`)),
          source,
        ).toBe(false);
      }
    }
  });

  it('defaults to HTTP on 0.0.0.0:8080 and exposes that port', () => {
    expect(imageEnv).toMatchObject({ MCP_TRANSPORT: 'http', MCP_HOST: '0.0.0.0', MCP_PORT: '8080' });
    expect(instruction(runtimeStage, 'EXPOSE')).toEqual(['8080']);
    expect(entrypoint).toEqual(['node', 'dist/cli.js']);
  });
});

describe('the image layout (dist, openapi.json, package.json; no node_modules)', () => {
  cpSync(packageFile('dist'), join(image, 'dist'), { recursive: true });
  cpSync(packageFile('openapi.json'), join(image, 'openapi.json'));
  cpSync(packageFile('package.json'), join(image, 'package.json'));
  const run = (env: Record<string, string>) => {
    const [command, ...args] = entrypoint;
    return spawn(command === 'node' ? process.execPath : (command ?? ''), args, {
      cwd: image,
      env: { PATH: process.env.PATH ?? '', ...imageEnv, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  };

  it('refuses to start on 0.0.0.0 without MCP_AUTH_TOKEN', () => {
    const [command, ...args] = entrypoint;
    const result = spawnSync(command === 'node' ? process.execPath : '', args, {
      cwd: image,
      env: { PATH: process.env.PATH ?? '', ...imageEnv, CHATWOOT_BASE_URL: 'https://chatwoot.example.com' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('MCP_AUTH_TOKEN (--auth-token) is required to listen on 0.0.0.0');
  });

  it('serves with a token, and its HEALTHCHECK command passes', async () => {
    const port = String(await freePort());
    const child = run({
      CHATWOOT_SANDBOX: 'true',
      MCP_AUTH_TOKEN: 'image-test-token-0123456789',
      MCP_PORT: port,
    });
    running.push(child);
    await new Promise<void>((resolve) => {
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        if (stderr.includes('waiting for MCP clients')) resolve();
      });
    });
    const [command, ...args] = healthcheck;
    const check = spawnSync(command === 'node' ? process.execPath : '', args, {
      env: { PATH: process.env.PATH ?? '', MCP_PORT: port },
    });
    expect(check.status).toBe(0);
    const down = spawnSync(command === 'node' ? process.execPath : '', args, {
      env: { PATH: process.env.PATH ?? '', MCP_PORT: String(await freePort()) },
    });
    expect(down.status).toBe(1);
  });
});
