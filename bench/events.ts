// The events section of `npm run bench`: how soon a waiting agent learns that a customer wrote, and how many
// waiting agents one process holds. Servers run as child processes; the sandbox Chatwoot and the agents run here.

import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { packageFile } from '../src/paths.js';
import { SANDBOX_TOKENS, type Sandbox, startSandbox } from '../src/sandbox/index.js';
import { hasRedis, startRedis } from '../test/helpers/redis.js';
import { startServer } from './section.js';
import { fixed, median, percentile } from './stats.js';

const SECRET = 'bench-webhook-secret-0123456789';
const PATH = '/webhooks/chatwoot';

const rssMiB = (child: ChildProcess) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;

/** A server over HTTP for the sandbox, on its token and account, with the events settings in `env`. */
async function startEventServer(
  sandbox: Sandbox,
  env: Record<string, string>,
  options: { stateless?: boolean; args?: string[] } = {},
) {
  const server = await startServer(
    packageFile('dist/cli.js'),
    [
      '--transport',
      'http',
      '--port',
      '0',
      ...(options.stateless ? ['--stateless'] : []),
      ...(options.args ?? []),
    ],
    {
      CHATWOOT_BASE_URL: sandbox.url,
      CHATWOOT_API_TOKEN: SANDBOX_TOKENS.user,
      CHATWOOT_ACCOUNT_ID: '1',
      LOG_LEVEL: 'info',
      ...env,
    },
    /waiting for MCP clients at (http:\/\/\S+)\/mcp/,
  );
  return { ...server, stop: () => server.child.kill('SIGTERM') };
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: 'bench-agent', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
  return client;
}

async function wait(
  client: Client,
  args: Record<string, unknown>,
): Promise<{ cursor: string; events: unknown[] }> {
  const result = (await client.callTool({ name: 'wait_for_events', arguments: args }, undefined, {
    timeout: 70_000,
  })) as CallToolResult;
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  if (result.isError) throw new Error(text);
  return JSON.parse(text) as { cursor: string; events: unknown[] };
}

function customerWrites(sandbox: Sandbox, content: string): Promise<Response> {
  const { inboxIdentifier, contactIdentifier, conversationId } = sandbox.info;
  return fetch(
    `${sandbox.url}/public/api/v1/inboxes/${inboxIdentifier}/contacts/${contactIdentifier}/conversations/${conversationId}/messages`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content }) },
  );
}

/**
 * Message → wait_for_events answer, `rounds` times: the agent's wait is in flight before the customer writes;
 * the clock runs from the client-API POST to the tool's return. The baseline is the POST's own round trip.
 */
async function latency(sandbox: Sandbox, agent: Client, rounds: number, spreadMs = 0) {
  let { cursor } = await wait(agent, { timeout_seconds: 0 });
  const times: number[] = [];
  const posts: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const waiting = wait(agent, { cursor, incoming_only: true, timeout_seconds: 30 });
    // Polling: the customer writes at a random moment of the interval, not always just after a round.
    await new Promise((resolve) => setTimeout(resolve, 15 + Math.random() * spreadMs));
    const started = performance.now();
    const posted = await customerWrites(sandbox, `bench ${round}`);
    posts.push(performance.now() - started);
    await posted.arrayBuffer();
    const answer = await waiting;
    times.push(performance.now() - started);
    if (answer.events.length !== 1) throw new Error(`expected one event, got ${answer.events.length}`);
    cursor = answer.cursor;
  }
  return { times, posts };
}

/** Agents waiting at once, each one stateless POST held open: the server's RSS as they pile up. */
async function waiters(sandbox: Sandbox, steps: number[]) {
  // Thousands of agents mean thousands of connections: the idle-connection cap (256 by default) would close
  // idle ones that the load generator's pool is about to reuse, which is not what this row measures.
  const server = await startEventServer(
    sandbox,
    { CHATWOOT_WEBHOOK_SECRET: SECRET, MCP_MAX_IDLE_CONNECTIONS: '10000' },
    { stateless: true },
  );
  sandbox.addWebhook(`${server.url}${PATH}`, SECRET);
  const call = (id: number) =>
    fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-06-18',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id,
        method: 'tools/call',
        params: { name: 'wait_for_events', arguments: { incoming_only: true, timeout_seconds: 50 } },
      }),
    }).then((response) => response.text());
  await call(0); // warm: the events module and the tool path loaded once
  const rows: { waiting: number; rss: number }[] = [{ waiting: 0, rss: rssMiB(server.child) }];
  const pending: Promise<string>[] = [];
  for (const step of steps) {
    while (pending.length < step) pending.push(call(pending.length + 1));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    rows.push({ waiting: step, rss: rssMiB(server.child) });
  }
  const started = performance.now();
  await customerWrites(sandbox, 'wake everyone');
  const answers = await Promise.all(pending);
  const wakeAll = performance.now() - started;
  const woken = answers.filter((text) => text.includes('wake everyone')).length;
  server.stop();
  return { rows, wakeAll, woken };
}

/** Each measure against a sandbox of its own, so no webhook of an earlier one is still being sent. */
async function withSandbox<T>(work: (sandbox: Sandbox) => Promise<T>): Promise<T> {
  const sandbox = await startSandbox();
  try {
    return await work(sandbox);
  } finally {
    await sandbox.close();
  }
}

export async function eventsBench(quick: boolean): Promise<string[]> {
  const rounds = quick ? 20 : 100;
  const pollRounds = quick ? 3 : 10;
  const lines: string[] = [];
  const rows: string[][] = [];
  const row = (label: string, measured: { times: number[]; posts: number[] }) => {
    const p50 = median(measured.times);
    rows.push([
      label,
      `${fixed(p50, 1)} ms`,
      `${fixed(percentile(measured.times, 99), 1)} ms`,
      `${fixed(median(measured.posts), 1)} ms`,
      fixed(p50 / median(measured.posts), 1),
    ]);
  };

  await withSandbox(async (sandbox) => {
    const webhook = await startEventServer(sandbox, { CHATWOOT_WEBHOOK_SECRET: SECRET });
    sandbox.addWebhook(`${webhook.url}${PATH}`, SECRET);
    const agent = await connect(webhook.url);
    row(`webhook, one process (${rounds} messages)`, await latency(sandbox, agent, rounds));
    await agent.close();
    webhook.stop();
  });

  await withSandbox(async (sandbox) => {
    const poller = await startEventServer(
      sandbox,
      {},
      { args: ['--events', 'poll', '--poll-interval', '1'] },
    );
    const agent = await connect(poller.url);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the first round only learns where things stand
    row(`polling every 1 s (${pollRounds} messages)`, await latency(sandbox, agent, pollRounds, 1000));
    await agent.close();
    poller.stop();
  });

  if (hasRedis) {
    await withSandbox(async (sandbox) => {
      const redis = await startRedis();
      const shared = { CHATWOOT_WEBHOOK_SECRET: SECRET, MCP_REDIS_URL: redis.url };
      const [receiving, waiting] = await Promise.all([
        startEventServer(sandbox, shared),
        startEventServer(sandbox, shared, { stateless: true }),
      ]);
      sandbox.addWebhook(`${receiving.url}${PATH}`, SECRET);
      const agent = await connect(waiting.url);
      row(
        `webhook into replica A, agent on replica B via Redis (${rounds} messages)`,
        await latency(sandbox, agent, rounds),
      );
      await agent.close();
      receiving.stop();
      waiting.stop();
      await redis.stop();
    });
  } else {
    lines.push('(Redis row left out: redis-server is not installed.)', '');
  }

  const held = await withSandbox((sandbox) => waiters(sandbox, quick ? [100, 500] : [100, 1000, 2000]));

  const last = held.rows.at(-1) ?? { waiting: 0, rss: 0 };
  const first = held.rows[0] ?? { waiting: 0, rss: 0 };
  return [
    '## Events: a customer message to the waiting agent',
    '',
    'From the client-API POST of a customer message to the return of the `wait_for_events` call that was waiting for it (Streamable HTTP, the sandbox Chatwoot sending signed webhooks). Baseline: the client-API POST itself.',
    '',
    '| path | p50 | p99 | baseline: POST round trip (p50) | ratio (p50) |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
    '',
    ...lines,
    'Waiting agents held by one process (stateless HTTP: each one a `wait_for_events` call in flight, with its own MCP server object):',
    '',
    '| agents waiting | server RSS |',
    '| --- | --- |',
    ...held.rows.map((item) => `| ${item.waiting} | ${fixed(item.rss, 1)} MiB |`),
    '',
    `${fixed(((last.rss - first.rss) * 1024) / Math.max(1, last.waiting), 1)} KiB per waiting agent; one customer message woke ${held.woken} of ${last.waiting} in ${fixed(held.wakeAll, 0)} ms.`,
    '',
  ];
}
