import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { packageFile } from '../src/paths.js';
import { fixed, percentile } from './stats.js';

export interface Started {
  url: string;
  child: ChildProcess;
}

/** The built server over HTTP on a free port, with `env` over a bench token for `baseUrl`. */
export async function startServer(
  baseUrl: string,
  stateless: boolean,
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<Started> {
  const command = [
    packageFile('dist/cli.js'),
    '--transport',
    'http',
    '--port',
    '0',
    ...(stateless ? ['--stateless'] : []),
    ...args,
  ];
  const child = spawn(process.execPath, command, {
    env: {
      PATH: process.env.PATH ?? '',
      CHATWOOT_BASE_URL: baseUrl,
      CHATWOOT_API_TOKEN: 'bench-token',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // The request logs (one JSON line per request, as in production) are read and dropped once the address is known.
  const url = await new Promise<string>((resolve) => {
    let stderr: string | undefined = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr === undefined) return;
      stderr += chunk.toString('utf8');
      const match = /waiting for MCP clients at (http:\/\/\S+)\/mcp/.exec(stderr);
      if (match?.[1]) {
        resolve(match[1]);
        stderr = undefined;
      }
    });
  });
  return { url, child };
}

export const rssMiB = (child: ChildProcess) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;

async function clients(url: string, count: number): Promise<Client[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const client = new Client({ name: 'bench', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
      return client;
    }),
  );
}

/** `total` calls spread over the clients, each client calling one after another. */
async function load(pool: Client[], total: number): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  const perClient = Math.ceil(total / pool.length);
  const started = performance.now();
  await Promise.all(
    pool.map(async (client) => {
      for (let i = 0; i < perClient; i++) {
        const begin = performance.now();
        const result = await client.callTool({ name: 'get_label', arguments: { account_id: 1, id: 7 } });
        if (result.isError) throw new Error(JSON.stringify(result.content));
        latencies.push(performance.now() - begin);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

export async function httpBench(stubUrl: string, quick: boolean): Promise<string[]> {
  const callsPerRun = quick ? 400 : 3000;
  const rows: string[] = [];
  for (const stateless of [false, true]) {
    const server = await startServer(stubUrl, stateless);
    for (const concurrency of [1, 16, 64]) {
      const pool = await clients(server.url, concurrency);
      await load(pool, Math.min(200, callsPerRun));
      const { latencies, seconds } = await load(pool, callsPerRun);
      rows.push(
        `| ${stateless ? 'stateless' : 'stateful'} | ${concurrency} | ${fixed(latencies.length / seconds, 0)} | ${fixed(percentile(latencies, 50))} ms | ${fixed(percentile(latencies, 99))} ms |`,
      );
      await Promise.all(pool.map((client) => client.close()));
    }
    server.child.kill('SIGTERM');
  }

  const soakCalls = quick ? 10_000 : 100_000;
  const server = await startServer(stubUrl, false);
  const pool = await clients(server.url, 16);
  const memory: string[] = [];
  let done = 0;
  let soakRate = 0;
  for (const checkpoint of [1000, 10_000, soakCalls]) {
    const { latencies, seconds } = await load(pool, checkpoint - done);
    done = checkpoint;
    soakRate = latencies.length / seconds;
    memory.push(`${fixed(rssMiB(server.child), 1)} MiB after ${checkpoint / 1000}k calls`);
  }
  await Promise.all(pool.map((client) => client.close()));
  server.child.kill('SIGTERM');

  return [
    '## tools/call over Streamable HTTP',
    '',
    `${callsPerRun} \`get_label\` calls per row (after a warm-up), spread over the concurrent clients (MCP SDK clients in the`,
    'benchmark process), against the same loopback stub. Server and clients share the machine.',
    '',
    '| mode | concurrent clients | calls/s | p50 | p99 |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `Memory of the stateful server (RSS) under 16 clients: ${memory.join(', ')} (${fixed(soakRate, 0)} calls/s at the end).`,
    'V8 grows its heap during the first thousands of calls, then stays flat: compare the last two figures.',
    '',
  ];
}
