// A load generator in a process of its own: it spawns MCP servers and speaks raw JSON-RPC lines to them over
// stdio, so that neither an SDK client nor the benchmark's own work sits between a request and its answer.
// Input: one JSON argument (a StdioJob); output: one JSON line on stdout.
import { JsonRpcChild } from './jsonRpcChild.js';

export interface StdioServer {
  name: string;
  script: string;
  env: Record<string, string>;
}

export type StdioJob =
  /** `rounds` cold starts of every server, the order rotated each round: spawn → tools/list answered. */
  | { kind: 'starts'; servers: StdioServer[]; rounds: number }
  /** `warmup` then `calls` sequential tools/call, and `lists` tools/list, on one spawned server. */
  | {
      kind: 'calls';
      server: StdioServer;
      call: { name: string; arguments: Record<string, unknown> };
      warmup: number;
      calls: number;
      lists: number;
    };

export interface StartsOutcome {
  ms: Record<string, number[]>;
  rssMiB: Record<string, number[]>;
}

export interface CallsOutcome {
  callMs: number[];
  /** CPU time the server used per measured call (user + system). */
  cpuMsPerCall: number;
  listMs: number[];
  listing: string;
  rssMiB: number;
}

async function starts(servers: StdioServer[], rounds: number): Promise<StartsOutcome> {
  const outcome: StartsOutcome = {
    ms: Object.fromEntries(servers.map((server) => [server.name, []])),
    rssMiB: Object.fromEntries(servers.map((server) => [server.name, []])),
  };
  for (let round = 0; round < rounds; round++) {
    for (let index = 0; index < servers.length; index++) {
      const server = servers[(round + index) % servers.length] as StdioServer;
      const started = performance.now();
      const child = new JsonRpcChild(server.script, server.env);
      await child.initialize();
      await child.request('tools/list');
      outcome.ms[server.name]?.push(performance.now() - started);
      outcome.rssMiB[server.name]?.push(child.rssMiB());
      await child.close();
    }
  }
  return outcome;
}

async function calls(job: Extract<StdioJob, { kind: 'calls' }>): Promise<CallsOutcome> {
  const child = new JsonRpcChild(job.server.script, job.server.env);
  await child.initialize();
  const callOnce = async () => {
    const reply = await child.request('tools/call', job.call);
    const result = reply.result as { isError?: boolean } | undefined;
    if (!result || result.isError) throw new Error(`tools/call failed: ${JSON.stringify(reply)}`);
  };
  for (let i = 0; i < job.warmup; i++) await callOnce();
  const callMs: number[] = [];
  const cpuBefore = child.cpuMs();
  for (let i = 0; i < job.calls; i++) {
    const started = performance.now();
    await callOnce();
    callMs.push(performance.now() - started);
  }
  const cpuMsPerCall = (child.cpuMs() - cpuBefore) / job.calls;
  const listMs: number[] = [];
  let listing = '';
  for (let i = 0; i < job.lists; i++) {
    const started = performance.now();
    const reply = await child.request('tools/list');
    listMs.push(performance.now() - started);
    listing = JSON.stringify(reply.result);
  }
  const rssMiB = child.rssMiB();
  await child.close();
  return { callMs, cpuMsPerCall, listMs, listing, rssMiB };
}

const job = JSON.parse(process.argv[2] ?? '{}') as StdioJob;
const outcome = job.kind === 'starts' ? await starts(job.servers, job.rounds) : await calls(job);
process.stdout.write(`${JSON.stringify(outcome)}\n`);
