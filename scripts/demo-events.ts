// `npm run demo:events`: the bot loop, offline. The sandbox Chatwoot sends signed webhooks to this server's
// /webhooks/chatwoot; a customer writes through the client API; the agent, waiting in wait_for_events, wakes,
// reads the conversation and answers; the customer sees the answer.
import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { packageFile } from '../src/paths.js';

const child = spawn(
  process.execPath,
  [packageFile('dist/cli.js'), '--sandbox', '--transport', 'http', '--port', '0', '--events', 'webhook'],
  { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info' }, stdio: ['ignore', 'ignore', 'pipe'] },
);
const url = await new Promise<string>((resolve, reject) => {
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
    const found = /waiting for MCP clients at (http:\/\/\S+)\/mcp/.exec(log);
    if (found?.[1]) resolve(found[1]);
  });
  child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)));
});

async function connect(name: string): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', url)));
  return client;
}
const shorten = (text: string, max = 300) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;

async function call(who: Client, label: string, name: string, args: Record<string, unknown>) {
  process.stdout.write(`\n${label} → ${name} ${JSON.stringify(args)}\n`);
  const result = (await who.callTool({ name, arguments: args }, undefined, {
    timeout: 70_000,
  })) as CallToolResult;
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  process.stdout.write(`${label} ${result.isError ? '✗' : '←'} ${shorten(text)}\n`);
  if (result.isError) throw new Error(`${name} failed`);
  return JSON.parse(text) as Record<string, unknown>;
}

const agent = await connect('demo-agent');
const customer = await connect('demo-customer');
process.stdout.write(
  `Server at ${url}, the sandbox Chatwoot posting its webhooks to ${url}/webhooks/chatwoot.\n`,
);

const inboxes = await call(agent, 'agent   ', 'list_inboxes', {});
const inbox = (inboxes.inboxes as { channel: string; inbox_identifier?: string }[]).find(
  (item) => item.channel === 'Channel::Api',
);
const inbox_identifier = String(inbox?.inbox_identifier);
const contact = await call(customer, 'customer', 'client_create_contact', {
  inbox_identifier,
  name: 'Dana Reyes',
});
const contact_identifier = String(contact.source_id);
const conversation = await call(customer, 'customer', 'client_create_conversation', {
  inbox_identifier,
  contact_identifier,
});
const conversation_id = Number(conversation.id);

process.stdout.write('\n# The agent waits for the next customer message; the customer writes meanwhile.\n');
const head = await call(agent, 'agent   ', 'wait_for_events', { timeout_seconds: 0 });
const started = performance.now();
const waiting = call(agent, 'agent   ', 'wait_for_events', {
  cursor: head.cursor,
  incoming_only: true,
  timeout_seconds: 30,
});
await new Promise((resolve) => setTimeout(resolve, 300));
await call(customer, 'customer', 'client_create_message', {
  inbox_identifier,
  contact_identifier,
  conversation_id,
  content: 'Hi! I was charged twice for my November invoice.',
});
const woke = await waiting;
process.stdout.write(
  `\n# The agent woke ${Math.round(performance.now() - started)} ms after it began waiting.\n`,
);
const [event] = woke.events as { conversation_id: number }[];
if (!event) throw new Error('the agent woke without an event');

await call(agent, 'agent   ', 'list_messages', { conversation_id: event.conversation_id });
await call(agent, 'agent   ', 'create_message', {
  conversation_id: event.conversation_id,
  content: 'Sorry about that, Dana! I have refunded the second charge.',
});
await call(customer, 'customer', 'client_list_messages', {
  inbox_identifier,
  contact_identifier,
  conversation_id,
});
process.stdout.write(
  '\n# Next round: the agent waits again from the cursor it was given, so nothing is missed.\n',
);
await call(agent, 'agent   ', 'wait_for_events', {
  cursor: woke.cursor,
  incoming_only: true,
  timeout_seconds: 1,
});

await agent.close();
await customer.close();
child.kill('SIGTERM');
process.stdout.write('\nDone: customer → Chatwoot (sandbox) → signed webhook → wait_for_events → reply.\n');
