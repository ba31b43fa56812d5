// `npm run bench`: measures chatwoot-mcp against baselines run on the same machine in the same run, and writes
// bench/results.md. Every figure that matters is a ratio to its baseline, so that machines can be compared.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, cpus } from 'node:os';
import { build } from 'esbuild';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { packageFile } from '../src/paths.js';
import { eventsBench } from './events.js';
import { httpBench } from './http.js';
import { JsonRpcChild } from './jsonRpcChild.js';
import { listingTokenReport } from './listingTokens.js';
import { packageSizeReport } from './packageSize.js';
import { fixed, median, percentile } from './stats.js';
import { supportFlowReport } from './supportFlow.js';

const SERVER = packageFile('dist/cli.js');
const BASELINE = packageFile('bench/.build/one-tool.js');
const quick = process.argv.includes('--quick');
const STARTS = quick ? 5 : 21;
const CALLS = quick ? 300 : 3000;
const LISTS = quick ? 50 : 300;

async function buildBaseline(): Promise<void> {
  await build({
    entryPoints: [packageFile('bench/oneToolServer.ts')],
    outfile: BASELINE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'warning',
  });
}

async function startStub() {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"id":1,"title":"vip","description":"Customers on the premium plan","color":"#1f93ff"}');
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

const env = (baseUrl: string) => ({
  CHATWOOT_BASE_URL: baseUrl,
  CHATWOOT_API_TOKEN: 'bench-user-token',
  CHATWOOT_PLATFORM_TOKEN: 'bench-platform-token',
  LOG_LEVEL: 'warn',
  CHATWOOT_TOOLSETS: 'all',
  CHATWOOT_TOOL_MODE: 'full',
});

/** Spawn to the tools/list answer, the two servers alternating so that both see the same machine state. */
async function coldStarts(baseUrl: string) {
  const times = { server: [] as number[], baseline: [] as number[] };
  const memory = { server: [] as number[], baseline: [] as number[] };
  for (let run = 0; run < STARTS; run++) {
    for (const which of ['server', 'baseline'] as const) {
      const started = performance.now();
      const child = new JsonRpcChild(which === 'server' ? SERVER : BASELINE, env(baseUrl));
      await child.initialize();
      await child.request('tools/list');
      times[which].push(performance.now() - started);
      memory[which].push(child.rssMiB());
      await child.close();
    }
  }
  return { times, memory };
}

async function callOverhead(baseUrl: string) {
  const direct: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}/api/v1/accounts/1/labels/7`, {
      headers: { api_access_token: 't' },
    });
    await response.json();
    direct.push(performance.now() - started);
  }
  const child = new JsonRpcChild(SERVER, env(baseUrl));
  await child.initialize();
  const viaMcp: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    const reply = await child.request('tools/call', {
      name: 'get_label',
      arguments: { account_id: 1, id: 7 },
    });
    if (!reply.result || (reply.result as { isError?: boolean }).isError)
      throw new Error(JSON.stringify(reply));
    viaMcp.push(performance.now() - started);
  }
  const lists: number[] = [];
  let listing = '';
  for (let i = 0; i < LISTS; i++) {
    const started = performance.now();
    const reply = await child.request('tools/list');
    lists.push(performance.now() - started);
    listing = JSON.stringify(reply.result);
  }
  const rssAfterCalls = child.rssMiB();
  await child.close();
  return { direct, viaMcp, lists, listing, rssAfterCalls };
}

function sizeOf(listing: string) {
  const tools = (JSON.parse(listing) as { tools: { name: string }[] }).tools;
  return { tools: tools.length, bytes: Buffer.byteLength(listing), tokens: encode(listing).length };
}

await buildBaseline();
const stub = await startStub();
const starts = await coldStarts(stub.url);
const calls = await callOverhead(stub.url);
const http = await httpBench(stub.url, quick);
stub.close();
const events = await eventsBench(quick);
const size = sizeOf(calls.listing);

const startServer = median(starts.times.server);
const startBaseline = median(starts.times.baseline);
const callDirect = median(calls.direct);
const callMcp = median(calls.viaMcp);
const rows = [
  [
    'cold start → tools/list answered (median)',
    `${fixed(startServer, 0)} ms`,
    `${fixed(startBaseline, 0)} ms (bundled one-tool McpServer)`,
    fixed(startServer / startBaseline),
  ],
  [
    'tools/call round trip (median)',
    `${fixed(callMcp, 3)} ms`,
    `${fixed(callDirect, 3)} ms (same stub, fetch with keep-alive)`,
    fixed(callMcp / callDirect),
  ],
  [
    'tools/call round trip (p99)',
    `${fixed(percentile(calls.viaMcp, 99), 3)} ms`,
    `${fixed(percentile(calls.direct, 99), 3)} ms`,
    fixed(percentile(calls.viaMcp, 99) / percentile(calls.direct, 99)),
  ],
  ['overhead per call (median, MCP − direct)', `${fixed(callMcp - callDirect, 3)} ms`, '', ''],
  ['repeated tools/list (median)', `${fixed(median(calls.lists), 3)} ms`, '', ''],
  [
    'memory when ready (RSS, median)',
    `${fixed(median(starts.memory.server), 1)} MiB`,
    `${fixed(median(starts.memory.baseline), 1)} MiB`,
    fixed(median(starts.memory.server) / median(starts.memory.baseline)),
  ],
  [`memory after ${CALLS} calls (RSS)`, `${fixed(calls.rssAfterCalls, 1)} MiB`, '', ''],
];
const report = [
  '# Benchmark results',
  '',
  `Written by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${availableParallelism()} × ${cpus()[0]?.model.trim() ?? 'cpu'}.`,
  `Cold starts: ${STARTS} per server, alternating. Calls: ${CALLS} sequential \`get_label\` calls over stdio against a loopback HTTP stub. tools/list: ${LISTS} repeats.`,
  'Ratios compare with a baseline measured in the same run; absolute times depend on the machine.',
  '',
  '| measure | chatwoot-mcp | baseline | ratio |',
  '| --- | --- | --- | --- |',
  ...rows.map((row) => `| ${row.join(' | ')} |`),
  '',
  '## Size of tools/list (every family on)',
  '',
  '| tools | bytes | o200k tokens | tokens per tool |',
  '| --- | --- | --- | --- |',
  `| ${size.tools} | ${size.bytes} | ${size.tokens} | ${fixed(size.tokens / size.tools, 1)} |`,
  '',
  ...listingTokenReport(),
  ...http,
  '',
  ...(await supportFlowReport()),
  ...packageSizeReport(),
  ...events,
];
writeFileSync(packageFile('bench/results.md'), report.join('\n'));
const readmeFile = packageFile('README.md');
const readme = readFileSync(readmeFile, 'utf8');
const start = readme.indexOf('<!-- bench:start -->');
const end = readme.indexOf('<!-- bench:end -->');
if (start >= 0 && end > start) {
  const figures = report.slice(2).join('\n').replace(/^## /gm, '#### ');
  writeFileSync(
    readmeFile,
    `${readme.slice(0, start)}<!-- bench:start -->\n${figures}\n${readme.slice(end)}`,
  );
}
process.stdout.write(`${report.join('\n')}\n`);
