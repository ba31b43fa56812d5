import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageFile } from '../src/paths.js';
import { freePort } from './helpers/freePort.js';

// No Docker engine runs here: these tests check what the image relies on, in a directory laid out like it.
const dockerfile = readFileSync(packageFile('Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ');
const ignored = readFileSync(packageFile('.dockerignore'), 'utf8').split('\n').filter(Boolean);
const [preamble = '', ...stages] = dockerfile.split(/^FROM /m);
const buildStage = stages[0] ?? '';
const runtimeStage = stages.at(-1) ?? '';
const instruction = (stage: string, name: string) =>
  [...stage.matchAll(new RegExp(`^${name} (.+)$`, 'gm'))].map((match) => match[1]?.trim() ?? '');
const args = Object.fromEntries(instruction(preamble, 'ARG').map((line) => line.split('=', 2)));
/** The image a stage starts from, with the ARG defaults filled in. */
const baseImage = (stage: string) =>
  (stage.split(/\s/)[0] ?? '').replace(/\$\{(\w+)\}/g, (_, name: string) => args[name] ?? '');
const labels = Object.fromEntries(
  [...(instruction(runtimeStage, 'LABEL')[0] ?? '').matchAll(/([\w.]+)="([^"]*)"/g)].map((match) => [
    match[1],
    match[2],
  ]),
);
const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as {
  version: string;
  license: string;
  engines: { node: string };
  repository: { url: string };
};

const imageEnv = Object.fromEntries(
  [...(instruction(runtimeStage, 'ENV')[0] ?? '').matchAll(/(\w+)=(\S+)/g)].map((match) => [
    match[1],
    match[2],
  ]),
);
const entrypoint = JSON.parse(instruction(runtimeStage, 'ENTRYPOINT')[0] ?? '[]') as string[];
const healthcheck = JSON.parse(/HEALTHCHECK .*?CMD (\[.*\])$/m.exec(runtimeStage)?.[1] ?? '[]') as string[];
const IMAGE_NODE = '/nodejs/bin/node';
/** The image's command line, run with this machine's node. */
const local = ([command, ...rest]: string[]) => ({
  command: command === IMAGE_NODE ? process.execPath : (command ?? ''),
  args: rest,
});

const image = mkdtempSync(join(tmpdir(), 'chatwoot-mcp-image-'));
const running: ChildProcess[] = [];
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(image, { recursive: true, force: true });
});

describe('the Dockerfile', () => {
  it('pins both base images by digest, on the same even (LTS) Node line, not older than engines allows', () => {
    const images = stages.map(baseImage);
    expect(images).toHaveLength(2);
    for (const reference of images) expect(reference).toMatch(/^[\w./-]+:[\w.-]+@sha256:[a-f0-9]{64}$/);
    const majors = images.map((reference) => Number(/node(?:js)?:?(\d+)/.exec(reference)?.[1]));
    expect(majors[0]).toBe(majors[1]);
    expect((majors[0] ?? 1) % 2).toBe(0);
    expect(majors[0]).toBeGreaterThanOrEqual(Number(/\d+/.exec(pkg.engines.node)?.[0]));
  });

  it('builds with an npm cache mount, and runs on distroless Node (no shell, npm, yarn or corepack), not as root', () => {
    expect(buildStage).toMatch(/^RUN --mount=type=cache,target=\/root\/\.npm npm ci /m);
    expect(baseImage(runtimeStage)).toMatch(/^gcr\.io\/distroless\/nodejs\d+-debian\d+:nonroot@/);
    expect(instruction(runtimeStage, 'RUN')).toEqual([]);
    expect(instruction(runtimeStage, 'USER')).toEqual(['65532:65532']);
  });

  it('carries OCI labels that agree with package.json', () => {
    expect(labels).toMatchObject({
      'org.opencontainers.image.version': pkg.version,
      'org.opencontainers.image.licenses': pkg.license,
    });
    expect(pkg.repository.url).toContain(labels['org.opencontainers.image.source']?.replace('https://', ''));
    expect(labels['org.opencontainers.image.title']).toBeTruthy();
    expect(labels['org.opencontainers.image.description']).toBeTruthy();
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
    expect(entrypoint).toEqual([IMAGE_NODE, 'dist/cli.js']);
    expect(healthcheck).toEqual([IMAGE_NODE, 'dist/healthcheck.js']);
  });
});

describe('the image layout (dist, package.json; no node_modules)', () => {
  cpSync(packageFile('dist'), join(image, 'dist'), { recursive: true });
  cpSync(packageFile('package.json'), join(image, 'package.json'));
  const start = (env: Record<string, string>, flags: string[] = []) => {
    const { command, args } = local(entrypoint);
    const child = spawn(command, [...args, ...flags], {
      cwd: image,
      env: { PATH: process.env.PATH ?? '', ...imageEnv, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    running.push(child);
    return new Promise<ChildProcess>((resolve) => {
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        if (stderr.includes('waiting for MCP clients')) resolve(child);
      });
    });
  };
  /** The image's HEALTHCHECK command, asked about the server with this pid (pid 1 in a container). */
  const check = (pid: number, env: Record<string, string> = {}) => {
    const { command, args } = local(healthcheck);
    return spawnSync(command, [...args, String(pid)], {
      cwd: image,
      env: { PATH: process.env.PATH ?? '', ...imageEnv, ...env },
    }).status;
  };

  it('refuses to start on 0.0.0.0 without MCP_AUTH_TOKEN', () => {
    const { command, args } = local(entrypoint);
    const result = spawnSync(command, args, {
      cwd: image,
      env: { PATH: process.env.PATH ?? '', ...imageEnv, CHATWOOT_BASE_URL: 'https://chatwoot.example.com' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('MCP_AUTH_TOKEN (--auth-token) is required to listen on 0.0.0.0');
  });

  it('its HEALTHCHECK follows the port the server listens on, set by environment or by flag', async () => {
    const token = { CHATWOOT_SANDBOX: 'true', MCP_AUTH_TOKEN: 'image-test-token-0123456789' };
    const byEnv = await start({ ...token, MCP_PORT: String(await freePort()) });
    expect(check(byEnv.pid ?? 0)).toBe(0);
    // `docker run … chatwoot-mcp --port N`: the flag wins over the image's MCP_PORT=8080, and the check sees it.
    const port = String(await freePort());
    const byFlag = await start(token, ['--port', port]);
    expect(check(byFlag.pid ?? 0)).toBe(0);
    byFlag.kill('SIGTERM');
    await new Promise((resolve) => byFlag.once('exit', resolve));
    expect(check(byFlag.pid ?? 0, { MCP_PORT: port })).toBe(1);
  });
});
