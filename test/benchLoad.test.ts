// The bench's load generators (not the bench: that is `npm run bench`): each measures what it claims against the
// built server, in a few calls, so that a broken generator is found here and not by a wrong figure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpJob, HttpOutcome } from '../bench/loadHttp.js';
import type { CallsOutcome, StartsOutcome, StdioJob } from '../bench/loadStdio.js';
import { benchScript, buildBenchScripts, runJob, startServer, startStub, stop } from '../bench/section.js';

let stub: { url: string; stop: () => void };
const env = () => ({ CHATWOOT_BASE_URL: stub.url, CHATWOOT_API_TOKEN: 'bench-token', LOG_LEVEL: 'warn' });
const CALL = { name: 'get_label', arguments: { account_id: 1, label_id: 7 } };

beforeAll(async () => {
  await buildBenchScripts();
  stub = await startStub();
});
afterAll(() => stub.stop());

describe('bench load generators', () => {
  it('stdio: times cold starts of each server and sequential calls through the server to the stub', async () => {
    const servers = [
      { name: 'server', script: benchScript('server'), env: env() },
      { name: 'oneTool', script: benchScript('oneTool'), env: env() },
    ];
    const starts = await runJob<StartsOutcome>(benchScript('loadStdio'), {
      kind: 'starts',
      servers,
      rounds: 1,
    } satisfies StdioJob);
    for (const name of ['server', 'oneTool']) {
      expect(starts.ms[name]).toHaveLength(1);
      expect(starts.rssMiB[name]?.[0]).toBeGreaterThan(10);
    }
    for (const server of servers) {
      const calls = await runJob<CallsOutcome>(benchScript('loadStdio'), {
        kind: 'calls',
        server,
        call: CALL,
        warmup: 2,
        calls: 20,
        lists: 1,
      } satisfies StdioJob);
      expect(calls.callMs).toHaveLength(20);
      expect(calls.callMs.every((ms) => ms > 0)).toBe(true);
      expect(calls.cpuMsPerCall).toBeGreaterThanOrEqual(0);
      expect(JSON.parse(calls.listing).tools.length).toBeGreaterThan(0);
    }
  });

  it('HTTP: drives stateful sessions and stateless requests with concurrent raw clients, slice by slice', async () => {
    const servers = await Promise.all(
      [false, true].map((stateless) =>
        startServer(
          benchScript('server'),
          ['--transport', 'http', '--port', '0', ...(stateless ? ['--stateless'] : [])],
          { ...env(), LOG_LEVEL: 'info' },
          /waiting for MCP clients at (http:\/\/\S+\/mcp)/,
        ),
      ),
    );
    try {
      const outcome = await runJob<HttpOutcome>(benchScript('loadHttp'), {
        targets: servers.map((server, index) => ({
          url: server.url,
          stateless: index === 1,
          serverPid: server.child.pid ?? 0,
        })),
        clients: 4,
        warmupPerClient: 1,
        calls: 20,
        rounds: 2,
        call: CALL,
      } satisfies HttpJob);
      expect(outcome.slices).toHaveLength(2);
      for (const slices of outcome.slices) {
        expect(slices).toHaveLength(2);
        for (const slice of slices) {
          expect(slice.latencyMs).toHaveLength(20);
          expect(slice.callsPerSecond).toBeGreaterThan(0);
          expect(slice.serverCpuMsPerCall).toBeGreaterThanOrEqual(0);
        }
      }
    } finally {
      for (const server of servers) await stop(server.child);
    }
  });
});
