// `npm run bench:soak`: 100k tool calls over stdio and 100k over Streamable HTTP against a loopback stub that
// fails every 10th call (a 404, or a 503 retried twice), reporting the server's memory at 1k/10k/100k calls
// and its open file descriptors and sockets, and writing bench/soak.md.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { packageFile } from '../src/paths.js';
import { JsonRpcChild } from './jsonRpcChild.js';
import { fixed } from './stats.js';

const SERVER = packageFile('dist/cli.js');
const TOTAL = Number(process.env.SOAK_CALLS ?? 100_000);
const CHECKPOINTS = [1000, 10_000, TOTAL].filter(
  (count, index, all) => count <= TOTAL && all.indexOf(count) === index,
);
const IN_FLIGHT = 8;

/** What the stub does with label `id`: every 20th a 404, every 20th (offset by 10) a 503 with Retry-After: 0. */
const failureOf = (id: number) => (id % 20 === 10 ? 404 : id % 20 === 0 ? 503 : undefined);

async function startStub() {
  let requests = 0;
  const server = createServer((request, response) => {
    requests++;
    const id = Number(/\/labels\/(\d+)$/.exec(request.url ?? '')?.[1]);
    const status = failureOf(id);
    if (status === 404)
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"error":"Resource could not be found"}');
    else if (status === 503) response.writeHead(503, { 'retry-after': '0' }).end('busy');
    else
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(`{"id":${id},"title":"vip","description":"Customers on the premium plan","color":"#1f93ff"}`);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const env = (baseUrl: string, extra: Record<string, string> = {}) => ({
  CHATWOOT_BASE_URL: baseUrl,
  CHATWOOT_API_TOKEN: 'soak-user-token',
  CHATWOOT_TOOLSETS: 'all',
  CHATWOOT_TOOL_MODE: 'full',
  LOG_LEVEL: 'warn',
  ...extra,
});

interface ProcessState {
  rssMiB: number;
  fds: number;
  sockets: number;
}

/** Resident memory, open file descriptors and how many of them are sockets (Linux /proc). */
function stateOf(pid: number): ProcessState {
  const fds = readdirSync(`/proc/${pid}/fd`);
  const sockets = fds.filter((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:');
    } catch {
      return false;
    }
  }).length;
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
  return { rssMiB: rss, fds: fds.length, sockets };
}

/** The result a call of label `id` must have. */
const expectError = (id: number) => failureOf(id) !== undefined;
const args = (id: number) => ({ account_id: 1, label_id: id });

interface Run {
  transport: string;
  /** The server's state when ready, after each checkpoint, and (HTTP) once its clients are gone. */
  points: { when: string; state: ProcessState }[];
  /** Calls whose isError did not match what the stub answered. */
  wrong: number;
  seconds: number;
}

/** Calls label ids 1..TOTAL through `call`, IN_FLIGHT at a time, stopping at each checkpoint to measure. */
async function drive(pid: number, call: (worker: number, id: number) => Promise<boolean>) {
  const points: Run['points'] = [{ when: 'before the first call', state: stateOf(pid) }];
  let next = 1;
  let wrong = 0;
  const started = performance.now();
  for (const checkpoint of CHECKPOINTS) {
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async (_, worker) => {
        while (next <= checkpoint) {
          const id = next++;
          if ((await call(worker, id)) !== expectError(id)) wrong++;
        }
      }),
    );
    const state = stateOf(pid);
    points.push({ when: `after ${checkpoint / 1000}k calls`, state });
    process.stderr.write(`  ${checkpoint} calls, ${fixed(state.rssMiB, 1)} MiB, ${state.fds} handles\n`);
  }
  return { points, wrong, seconds: (performance.now() - started) / 1000 };
}

async function soakStdio(stubUrl: string): Promise<Run> {
  const child = new JsonRpcChild(SERVER, env(stubUrl));
  await child.initialize();
  const run = await drive(child.process.pid ?? 0, async (_worker, id) => {
    const reply = (await child.request('tools/call', { name: 'get_label', arguments: args(id) })) as {
      result?: { isError?: boolean };
    };
    if (!reply.result) throw new Error(`no result: ${JSON.stringify(reply)}`);
    return reply.result.isError === true;
  });
  await child.close();
  return { transport: 'stdio', ...run };
}

async function startHttpServer(stubUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [SERVER], {
    // info: the address is logged at that level, and so is every HTTP request, as in production.
    env: {
      PATH: process.env.PATH ?? '',
      ...env(stubUrl, { MCP_TRANSPORT: 'http', MCP_PORT: '0', LOG_LEVEL: 'info' }),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let stderr: string | undefined = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr === undefined) return;
      stderr += chunk.toString('utf8');
      const match = /at (http:\/\/\S+)\/mcp/.exec(stderr);
      if (match?.[1]) {
        resolve(match[1]);
        stderr = undefined;
      }
    });
    child.once('exit', (code) => reject(new Error(`the HTTP server exited with ${code}: ${stderr}`)));
  });
  return { url, child };
}

async function soakHttp(stubUrl: string): Promise<Run> {
  const { url, child } = await startHttpServer(stubUrl);
  const pid = child.pid ?? 0;
  const clients = await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      const client = new Client({ name: 'soak', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
      return client;
    }),
  );
  const run = await drive(pid, async (worker, id) => {
    const result = await clients[worker]?.callTool({ name: 'get_label', arguments: args(id) });
    return result?.isError === true;
  });
  await Promise.all(clients.map((client) => client.close()));
  // Keep-alive connections of the closed clients end after Node's 5 s keepAliveTimeout.
  await new Promise((resolve) => setTimeout(resolve, 6000));
  run.points.push({ when: '6 s after its clients closed', state: stateOf(pid) });
  child.kill('SIGTERM');
  return { transport: 'Streamable HTTP', ...run };
}

function report(runs: Run[], upstreamRequests: number): string {
  const cpu = cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? 'unknown CPU';
  const growth = (run: Run) => {
    const [previous, last] = run.points
      .filter((point) => point.when.startsWith('after'))
      .slice(-2)
      .map((point) => point.state.rssMiB);
    return previous && last ? `${fixed(((last - previous) / previous) * 100, 1)} %` : 'n/a';
  };
  return [
    '# Soak',
    '',
    `Written by \`npm run bench:soak\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} × ${cpu}.`,
    `${TOTAL} \`get_label\` calls per transport, ${IN_FLIGHT} in flight (stdio: one client speaking raw JSON-RPC; HTTP: ${IN_FLIGHT} MCP SDK`,
    'clients with sessions), against a loopback stub that answers every 20th call 404 and every 20th (offset by 10)',
    '503 with `Retry-After: 0`, which the server retries twice before reporting it.',
    '',
    '| transport | calls/s | calls with the wrong outcome | RSS growth over the last checkpoint |',
    '| --- | --- | --- | --- |',
    ...runs.map(
      (run) => `| ${run.transport} | ${fixed(TOTAL / run.seconds, 0)} | ${run.wrong} | ${growth(run)} |`,
    ),
    '',
    'The server process, from /proc/<pid>: resident memory, and open file descriptors (of which sockets).',
    '',
    '| transport | when | RSS | open descriptors | sockets |',
    '| --- | --- | --- | --- | --- |',
    ...runs.flatMap((run) =>
      run.points.map(
        ({ when, state }) =>
          `| ${run.transport} | ${when} | ${fixed(state.rssMiB, 1)} MiB | ${state.fds} | ${state.sockets} |`,
      ),
    ),
    '',
    `The stub answered ${upstreamRequests} requests in all (${2 * TOTAL} calls; each 503 is tried three times).`,
    '',
  ].join('\n');
}

const stub = await startStub();
process.stderr.write(`soak: ${TOTAL} calls over stdio\n`);
const stdio = await soakStdio(stub.url);
process.stderr.write(`soak: ${TOTAL} calls over Streamable HTTP\n`);
const http = await soakHttp(stub.url);
const markdown = report([stdio, http], stub.requests());
await stub.close();
writeFileSync(packageFile('bench/soak.md'), markdown);
process.stdout.write(markdown);
