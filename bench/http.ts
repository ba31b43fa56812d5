// Streamable HTTP: calls per second and latency with 1 and 64 concurrent clients, chatwoot-mcp stateful and
// stateless against the one-tool server (stateful Streamable HTTP, same SDK). The servers, the stub and the load
// generator (bench/loadHttp.ts, raw JSON-RPC over keep-alive HTTP) each run in a process of their own.
import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import type { HttpJob, HttpOutcome, HttpSlice } from './loadHttp.js';
import { type BenchContext, runJob, type Section, startServer, stop } from './section.js';
import { median, percentile, spread } from './stats.js';

const CALL = { name: 'get_label', arguments: { account_id: 1, label_id: 7 } };
const CONCURRENCY = [64, 1] as const;

type Mode = 'stateful' | 'stateless' | 'oneTool';
const MODES: Mode[] = ['stateful', 'stateless', 'oneTool'];

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
    // Many short slices rather than a few long runs: the three servers stay up for the whole section, and one load
    // generator alternates between them slice by slice (order rotated each round), so that the ratios of a round
    // compare servers under the same load from the rest of the machine; the median of the rounds is reported.
    const rounds = context.quick ? 2 : 15;
    const calls = { 64: context.quick ? 320 : 800, 1: context.quick ? 50 : 200 };
    const loadBefore = loadavg()[0] ?? 0;
    const servers: { mode: Mode; url: string; child: ChildProcess }[] = [];
    const outcomes = new Map<string, HttpSlice[]>();
    let ceiling: HttpSlice[] = [];
    try {
      for (const mode of MODES) servers.push({ mode, ...(await serve(context, mode)) });
      const targets = servers.map((server) => ({
        url: server.url,
        stateless: server.mode === 'stateless',
        serverPid: server.child.pid ?? 0,
      }));
      for (const clients of CONCURRENCY) {
        const { slices } = await runJob<HttpOutcome>(context.script('loadHttp'), {
          targets,
          clients,
          // Enough calls before the first round that the JIT has compiled the hot path of every server.
          warmupPerClient: clients === 1 ? 200 : 20,
          calls: calls[clients],
          rounds,
          call: CALL,
        } satisfies HttpJob);
        for (const [index, server] of servers.entries())
          outcomes.set(`${server.mode}/${clients}`, slices[index] ?? []);
      }
      // What the load generator drives against an endpoint that answers at once (the stub's /mcp): the figures
      // above are the servers' only if they stay well below it.
      const instant = await runJob<HttpOutcome>(context.script('loadHttp'), {
        targets: [{ url: `${context.stubUrl}/mcp`, stateless: true, serverPid: 0 }],
        clients: 64,
        warmupPerClient: 20,
        calls: calls[64] * 2,
        rounds: 3,
        call: CALL,
      } satisfies HttpJob);
      ceiling = instant.slices[0] ?? [];
    } finally {
      for (const server of servers) await stop(server.child);
    }
    const loadAfter = loadavg()[0] ?? 0;

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
    const ceilingRate = median(ceiling.map((o) => o.callsPerSecond));
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
        `${rounds} rounds; the three servers stay up for the whole section, and one load generator alternates between them`,
        'slice by slice (order rotated each round), so that the ratios of a round compare servers under the same load.',
        `Each client calls \`get_label\` one call after another (after a warm-up): a slice is ${calls[64]} calls by 64 clients`,
        `(a session each when stateful), or ${calls[1]} by one client. Figures are median (min–max over rounds).`,
        'The load generator is a separate process speaking raw JSON-RPC over keep-alive HTTP; chatwoot-mcp logs every',
        `request (LOG_LEVEL=info), the one-tool server logs nothing. Load average ${loadBefore.toFixed(1)} before the section, ${loadAfter.toFixed(1)} after.`,
        '',
        '| server | clients | calls/s | p50 | p99 | server CPU per call |',
        '| --- | --- | --- | --- | --- | --- |',
        ...MODES.flatMap((mode) =>
          [...CONCURRENCY]
            .reverse()
            .map(
              (clients) =>
                `| ${label[mode]} | ${clients} | ${spread(rates(mode, clients), 0)} | ${spread(p(mode, clients, 50), 2, 'ms')} | ${spread(p(mode, clients, 99), 1, 'ms')} | ${spread(cpu(mode, clients), 3, 'ms')} |`,
            ),
        ),
        '',
        `One client, chatwoot-mcp stateful ÷ one-tool server, median latency: ${spread(perCallRatio)};`,
        `64 clients, calls/s ÷ one-tool server: stateful ${spread(ratio('stateful', 'oneTool', 64))}, stateless ${spread(ratio('stateless', 'oneTool', 64))}.`,
        `The load generator alone, against an endpoint that answers at once, drives ${ceilingRate.toFixed(0)} calls/s with 64 clients`,
        `(${(ceilingRate / rate64).toFixed(1)}× the stateful row): ${ceilingRate >= 2 * rate64 ? 'the rows above are bound by the servers, not by the generator' : '**the generator is close to its own limit: the rows above may be bound by it**'}.`,
        '',
      ],
    };
  },
};
