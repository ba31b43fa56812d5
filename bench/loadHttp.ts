// A load generator in a process of its own: `clients` MCP clients per server, each a raw JSON-RPC exchange over
// keep-alive HTTP (no SDK client, so no abort listeners piling up on a shared signal), calling one after another
// against Streamable HTTP endpoints. It drives one server at a time, in short slices that go to the servers in turn
// (the order rotated each round), so that the servers it compares meet the same load from the rest of the machine.
// Input: one JSON argument (an HttpJob); output: one JSON line on stdout.
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';

export interface HttpTarget {
  /** The MCP endpoint, e.g. http://127.0.0.1:1234/mcp */
  url: string;
  /** No initialize and no session: every request stands alone. */
  stateless: boolean;
  /** The server's process, whose CPU time is read before and after each slice (Linux); 0: none. */
  serverPid: number;
}

export interface HttpJob {
  targets: HttpTarget[];
  /** Concurrent clients per target, each with its own session when stateful. */
  clients: number;
  /** Calls per client before the first round, not measured. */
  warmupPerClient: number;
  /** Calls in one slice, spread evenly over the clients. */
  calls: number;
  rounds: number;
  call: { name: string; arguments: Record<string, unknown> };
}

export interface HttpSlice {
  callsPerSecond: number;
  latencyMs: number[];
  /** CPU time the server used per measured call (user + system); NaN without a serverPid. */
  serverCpuMsPerCall: number;
}

export interface HttpOutcome {
  /** Per target (in the job's order), one slice per round. */
  slices: HttpSlice[][];
}

/** CPU time a process has used so far (user + system), in ms (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  if (pid === 0) return Number.NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const PROTOCOL_VERSION = '2025-06-18';

function post(
  agent: Agent,
  url: URL,
  message: object,
  sessionId: string | undefined,
): Promise<{ status: number; sessionId: string | undefined; body: string }> {
  const payload = JSON.stringify(message);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': PROTOCOL_VERSION,
          ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
        },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => {
          const id = response.headers['mcp-session-id'];
          resolve({
            status: response.statusCode ?? 0,
            sessionId: typeof id === 'string' ? id : undefined,
            body,
          });
        });
        response.on('error', reject);
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive socket that the server closed (idle timeout) just as this request went out on it: sent again
      // on a fresh one, as Node's documentation advises. Sockets idle while the other servers are measured.
      if (req.reusedSocket && error.code === 'ECONNRESET')
        post(agent, url, message, sessionId).then(resolve, reject);
      else reject(error);
    });
    req.end(payload);
  });
}

/** The JSON-RPC answer in a reply that is either plain JSON or a server-sent event stream. */
function answerOf(body: string): { result?: { isError?: boolean }; error?: unknown } {
  if (body.startsWith('{')) return JSON.parse(body);
  const data = body
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => line.slice(6));
  return JSON.parse(data[data.length - 1] ?? 'null') ?? {};
}

class RawClient {
  #id = 0;
  #sessionId: string | undefined;

  constructor(
    readonly agent: Agent,
    readonly url: URL,
  ) {}

  async initialize(): Promise<void> {
    const reply = await post(
      this.agent,
      this.url,
      {
        jsonrpc: '2.0',
        id: ++this.#id,
        method: 'initialize',
        params: {
          protocolVersion: PROTOCOL_VERSION,
          capabilities: {},
          clientInfo: { name: 'bench', version: '1' },
        },
      },
      undefined,
    );
    if (reply.status !== 200) throw new Error(`initialize: HTTP ${reply.status} ${reply.body}`);
    this.#sessionId = reply.sessionId;
    await post(
      this.agent,
      this.url,
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      this.#sessionId,
    );
  }

  async call(call: HttpJob['call']): Promise<void> {
    const reply = await post(
      this.agent,
      this.url,
      { jsonrpc: '2.0', id: ++this.#id, method: 'tools/call', params: call },
      this.#sessionId,
    );
    const answer = answerOf(reply.body);
    if (reply.status !== 200 || !answer.result || answer.result.isError)
      throw new Error(`tools/call: HTTP ${reply.status} ${reply.body}`);
  }
}

/** All the clients of one target call `perClient` times each, at once. */
async function slice(target: HttpTarget, clients: RawClient[], job: HttpJob): Promise<HttpSlice> {
  const perClient = Math.ceil(job.calls / clients.length);
  const latencyMs: number[] = [];
  const cpuBefore = cpuMs(target.serverPid);
  const started = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      for (let i = 0; i < perClient; i++) {
        const begin = performance.now();
        await client.call(job.call);
        latencyMs.push(performance.now() - begin);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const serverCpuMsPerCall = (cpuMs(target.serverPid) - cpuBefore) / latencyMs.length;
  return { callsPerSecond: latencyMs.length / seconds, latencyMs, serverCpuMsPerCall };
}

async function run(job: HttpJob): Promise<HttpOutcome> {
  const agents = job.targets.map(() => new Agent({ keepAlive: true, maxSockets: job.clients }));
  const clients = job.targets.map((target, index) => {
    const agent = agents[index] as Agent;
    return Array.from({ length: job.clients }, () => new RawClient(agent, new URL(target.url)));
  });
  for (const [index, target] of job.targets.entries()) {
    const own = clients[index] ?? [];
    if (!target.stateless) await Promise.all(own.map((client) => client.initialize()));
    await Promise.all(
      own.map(async (client) => {
        for (let i = 0; i < job.warmupPerClient; i++) await client.call(job.call);
      }),
    );
  }
  const slices: HttpSlice[][] = job.targets.map(() => []);
  for (let round = 0; round < job.rounds; round++) {
    for (let turn = 0; turn < job.targets.length; turn++) {
      const index = (round + turn) % job.targets.length;
      slices[index]?.push(await slice(job.targets[index] as HttpTarget, clients[index] ?? [], job));
    }
  }
  for (const agent of agents) agent.destroy();
  return { slices };
}

const job = JSON.parse(process.argv[2] ?? '{}') as HttpJob;
process.stdout.write(`${JSON.stringify(await run(job))}\n`);
