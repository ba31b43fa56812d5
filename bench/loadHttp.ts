// A load generator in a process of its own: `clients` MCP clients, each a raw JSON-RPC exchange over keep-alive
// HTTP (no SDK client, so no abort listeners piling up on a shared signal), calling one after another against
// a Streamable HTTP endpoint. Input: one JSON argument (an HttpJob); output: one JSON line on stdout.
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';

export interface HttpJob {
  /** The MCP endpoint, e.g. http://127.0.0.1:1234/mcp */
  url: string;
  clients: number;
  /** Calls per client before measuring, then in all (spread evenly over the clients). */
  warmupPerClient: number;
  calls: number;
  /** No initialize and no session: every request stands alone. */
  stateless: boolean;
  call: { name: string; arguments: Record<string, unknown> };
  /** The server's process, whose CPU time is read before and after the measured calls (Linux); 0: none. */
  serverPid: number;
}

export interface HttpOutcome {
  callsPerSecond: number;
  latencyMs: number[];
  /** CPU time the server used per measured call (user + system); NaN without a serverPid. */
  serverCpuMsPerCall: number;
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
    req.on('error', reject);
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

async function run(job: HttpJob): Promise<HttpOutcome> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.clients });
  const url = new URL(job.url);
  const clients = Array.from({ length: job.clients }, () => new RawClient(agent, url));
  if (!job.stateless) await Promise.all(clients.map((client) => client.initialize()));
  await Promise.all(
    clients.map(async (client) => {
      for (let i = 0; i < job.warmupPerClient; i++) await client.call(job.call);
    }),
  );
  const perClient = Math.ceil(job.calls / job.clients);
  const latencyMs: number[] = [];
  const cpuBefore = cpuMs(job.serverPid);
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
  const serverCpuMsPerCall = (cpuMs(job.serverPid) - cpuBefore) / latencyMs.length;
  agent.destroy();
  return { callsPerSecond: latencyMs.length / seconds, latencyMs, serverCpuMsPerCall };
}

const job = JSON.parse(process.argv[2] ?? '{}') as HttpJob;
process.stdout.write(`${JSON.stringify(await run(job))}\n`);
