// `npm run demo`: a short scripted MCP client session against the built-in sandbox, printing each call and its
// result. The flagship flow: a customer writes in through the client API, an agent reads, answers, adds a
// private note, labels and resolves the conversation.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { packageFile } from '../src/paths.js';

const transport = new StdioClientTransport({
  command: process.execPath,
  args: [packageFile('dist/cli.js'), '--sandbox', '--tool-mode', 'full'],
  env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn' },
});
const client = new Client({ name: 'chatwoot-mcp-demo', version: '1.0.0' });
await client.connect(transport);

const shorten = (text: string, max = 360) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;

async function call(name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  process.stdout.write(`\n→ ${name} ${JSON.stringify(args)}\n`);
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((part) => (part.type === 'text' ? part.text : `[${part.type}]`)).join('\n');
  process.stdout.write(`${result.isError ? '✗' : '←'} ${shorten(text)}\n`);
  if (result.isError) throw new Error(`${name} failed`);
  return JSON.parse(text) as Record<string, unknown>;
}

const { tools } = await client.listTools();
process.stdout.write(
  `Connected to chatwoot-mcp over stdio: ${tools.length} tools, serving the sandbox Chatwoot.\n`,
);

const inboxes = await call('list_inboxes', {});
const list = inboxes.inboxes as { name: string; channel: string; inbox_identifier?: string }[];
const apiInbox = list.find((inbox) => inbox.channel === 'Channel::Api');
if (!apiInbox?.inbox_identifier) throw new Error('the sandbox has no API inbox');
const inbox_identifier = apiInbox.inbox_identifier;

process.stdout.write('\n# The customer side (client API, no token): a contact writes in.\n');
const contact = await call('client_create_contact', {
  inbox_identifier,
  name: 'Dana Reyes',
  email: 'dana@example.com',
});
const contact_identifier = String(contact.source_id);
const conversation = await call('client_create_conversation', { inbox_identifier, contact_identifier });
const conversation_id = Number(conversation.id);
await call('client_create_message', {
  inbox_identifier,
  contact_identifier,
  conversation_id,
  content: 'Hi! I was charged twice for my November invoice.',
  echo_id: 'demo-echo-1',
});

process.stdout.write(
  '\n# The agent side (application API, user token): read, answer, note, label, resolve.\n',
);
await call('list_messages', { conversation_id });
await call('create_message', {
  conversation_id,
  content: 'Sorry about that, Dana! I have refunded the second charge.',
});
await call('create_message', {
  conversation_id,
  content: 'Refund issued in the billing tool.',
  private: true,
});
await call('add_conversation_labels', { conversation_id, labels: ['billing'] });
await call('toggle_conversation_status', { conversation_id, status: 'resolved' });
await call('get_conversation', { conversation_id });

await client.close();
process.stdout.write(
  [
    '',
    'Done. Every call above went through MCP over stdio to the sandbox Chatwoot.',
    '',
    'What next:',
    '  • Click through every tool yourself:  npx @modelcontextprotocol/inspector node dist/cli.js --sandbox',
    '  • Give the sandbox to Claude Code:    claude mcp add chatwoot-sandbox -- node "$PWD/dist/cli.js" --sandbox',
    '  • Connect your own Chatwoot: set CHATWOOT_BASE_URL, CHATWOOT_API_TOKEN (Profile settings → Access token)',
    '    and CHATWOOT_ACCOUNT_ID; the README\'s "Use it with your Chatwoot" has the block for Claude Desktop,',
    '    Claude Code, Cursor, VS Code and Docker.',
    '',
  ].join('\n'),
);
