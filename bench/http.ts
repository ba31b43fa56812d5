// Streamable HTTP: calls per second and latency with 1 and 64 concurrent clients, chatwoot-mcp stateful and
// stateless against the one-tool server (stateful Streamable HTTP, same SDK). The server, the stub and the load
// generator (bench/loadHttp.ts, raw JSON-RPC over keep-alive HTTP) each run in a process of their own.
import type { HttpJob, HttpOutcome } from './loadHttp.js';
import { type BenchContext, runJob, type Section, startServer, stop } from './section.js';
import { median, percentile, spread } from './stats.js';

const CALL = { name: 'get_label', arguments: { account_id: 1, label_id: 7 } };
const CONCURRENCY = [1, 64] as const;

type Mode = 'stateful' | 'stateless' | 'oneTool';

async function serve(context: BenchContext, mode: Mode) {
  if (mode === 'oneTool') {
    const { url, child } = await startServer(
      context.script('oneTool'),
      ['--http'],
      context.env,
      /listening at (http:\/\/\S+)/,
    );
    return { url: `${url}/mcp`, child };
  }
  const { url, child } = await startServer(
    context.script('server'),
    ['--transport', 'http', '--port', '0', ...(mode === 'stateless' ? ['--stateless'] : [])],
    // Request logs on, as in production (one JSON line per request on stderr).
    { ...context.env, LOG_LEVEL: 'info' },
    /waiting for MCP clients at (http:\/\/\S+\/mcp)/,
  );
  return { url, child };
}

export const httpSection: Section = {
  name: 'http',
  async run(context) {
    const rounds = context.quick ? 1 : 3;
    const modes: Mode[] = ['stateful', 'stateless', 'oneTool'];
    const outcomes = new Map<string, HttpOutcome[]>();
    for (let round = 0; round < rounds; round++) {
      for (let index = 0; index < modes.length; index++) {
        const mode = modes[(round + index) % modes.length] as Mode;
        const server = await serve(context, mode);
        for (const clients of CONCURRENCY) {
          const outcome = await runJob<HttpOutcome>(context.script('loadHttp'), {
            url: server.url,
            clients,
            warmupPerClient: clients === 1 ? 100 : 5,
            calls: clients === 1 ? (context.quick ? 300 : 1000) : context.quick ? 1280 : 3200,
            stateless: mode === 'stateless',
            call: CALL,
            serverPid: server.child.pid ?? 0,
          } satisfies HttpJob);
          const key = `${mode}/${clients}`;
          outcomes.set(key, [...(outcomes.get(key) ?? []), outcome]);
        }
        await stop(server.child);
      }
    }
    const of = (mode: Mode, clients: number) => outcomes.get(`${mode}/${clients}`) ?? [];
    const rates = (mode: Mode, clients: number) => of(mode, clients).map((o) => o.callsPerSecond);
    const p = (mode: Mode, clients: number, q: number) =>
      of(mode, clients).map((o) => percentile(o.latencyMs, q));
    const ratio = (a: Mode, b: Mode, clients: number) =>
      of(a, clients).map(
        (o, round) => o.callsPerSecond / (of(b, clients)[round]?.callsPerSecond ?? Number.NaN),
      );
    const cpu = (mode: Mode, clients: number) => of(mode, clients).map((o) => o.serverCpuMsPerCall);
    const label = {
      stateful: 'chatwoot-mcp stateful',
      stateless: 'chatwoot-mcp stateless',
      oneTool: 'one-tool server',
    };

    const rate64 = median(rates('stateful', 64));
    const p99at64 = median(p('stateful', 64, 99));
    const statelessRatio = ratio('stateless', 'stateful', 64);
    const perCallRatio = of('stateful', 1).map(
      (o, round) => median(o.latencyMs) / median(of('oneTool', 1)[round]?.latencyMs ?? []),
    );
    return {
      checks: [
        {
          measure: 'HTTP stateful, 64 clients: calls/s (median of rounds)',
          figure: spread(rates('stateful', 64), 0),
          target: '≥ 1500',
          met: rate64 >= 1500,
        },
        {
          measure: 'HTTP stateful, 64 clients: p99 latency (median of rounds)',
          figure: spread(p('stateful', 64, 99), 1, 'ms'),
          target: '< 100 ms',
          met: p99at64 < 100,
        },
        {
          measure: 'HTTP stateless ÷ stateful calls/s, 64 clients (median of rounds)',
          figure: spread(statelessRatio),
          target: '≥ 0.95',
          met: median(statelessRatio) >= 0.95,
        },
      ],
      lines: [
        '## tools/call over Streamable HTTP',
        '',
        `${rounds} round${rounds > 1 ? 's' : ''}, the order of the three servers rotated each round, each server started afresh per round.`,
        'Each client calls `get_label` one call after another (after a warm-up); figures are median (min–max over rounds).',
        'The load generator is a separate process speaking raw JSON-RPC over keep-alive HTTP; chatwoot-mcp logs every',
        'request (LOG_LEVEL=info), the one-tool server logs nothing.',
        '',
        '| server | clients | calls/s | p50 | p99 | server CPU per call |',
        '| --- | --- | --- | --- | --- | --- |',
        ...modes.flatMap((mode) =>
          CONCURRENCY.map(
            (clients) =>
              `| ${label[mode]} | ${clients} | ${spread(rates(mode, clients), 0)} | ${spread(p(mode, clients, 50), 2, 'ms')} | ${spread(p(mode, clients, 99), 1, 'ms')} | ${spread(cpu(mode, clients), 3, 'ms')} |`,
          ),
        ),
        '',
        `One client, chatwoot-mcp stateful ÷ one-tool server, median latency: ${spread(perCallRatio)};`,
        `64 clients, calls/s ÷ one-tool server: stateful ${spread(ratio('stateful', 'oneTool', 64))}, stateless ${spread(ratio('stateless', 'oneTool', 64))}.`,
        '',
      ],
    };
  },
};
