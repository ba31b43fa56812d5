import { randomUUID } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { sign } from '../../src/events/signature.js';
import type { ChatEvent } from '../../src/events/types.js';
import type { SandboxInfo } from '../../src/sandbox/index.js';
import { captureMessages } from './canary.js';

export const WEBHOOK_PATH = '/webhooks/chatwoot';

export interface WaitAnswer {
  events: ChatEvent[];
  cursor: string;
  missed?: boolean;
}

/** An MCP client over Streamable HTTP, as an agent on the network connects. */
export async function httpClient(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'events-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', url), { requestInit: { headers } });
  await client.connect(captureMessages(transport, 'events http client'));
  return client;
}

/** One wait_for_events call; its answer, or the error text when it failed. */
export async function waitForEvents(client: Client, args: Record<string, unknown>): Promise<WaitAnswer> {
  const result = (await client.callTool({ name: 'wait_for_events', arguments: args }, undefined, {
    timeout: 70_000,
  })) as CallToolResult;
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  if (result.isError) throw new Error(text);
  return JSON.parse(text) as WaitAnswer;
}

/** A customer writes through the client API (no token), as the chat widget does. */
export async function customerWrites(sandboxUrl: string, info: SandboxInfo, content: string) {
  const path = `/public/api/v1/inboxes/${info.inboxIdentifier}/contacts/${info.contactIdentifier}/conversations/${info.conversationId}/messages`;
  const answer = await fetch(new URL(path, sandboxUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ content }),
  });
  if (!answer.ok) throw new Error(`client API answered ${answer.status}`);
  return (await answer.json()) as { id: number };
}

/** A webhook as Chatwoot 4.12+ signs it; every header can be overridden to forge a bad one. */
export function postWebhook(
  serverUrl: string,
  secret: string,
  payload: unknown,
  overrides: { timestamp?: string; delivery?: string; signature?: string | null; body?: string } = {},
) {
  const body = overrides.body ?? JSON.stringify(payload);
  const timestamp = overrides.timestamp ?? String(Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-chatwoot-delivery': overrides.delivery ?? randomUUID(),
    'x-chatwoot-timestamp': timestamp,
  };
  const signature = overrides.signature === undefined ? sign(secret, timestamp, body) : overrides.signature;
  if (signature !== null) headers['x-chatwoot-signature'] = signature;
  return fetch(new URL(WEBHOOK_PATH, serverUrl), { method: 'POST', headers, body });
}

/** A message_created body as Chatwoot's Message#webhook_data shapes it. */
export function messageCreated(id: number, content: string, conversationId = 1) {
  return {
    event: 'message_created',
    id,
    content,
    message_type: 'incoming',
    private: false,
    created_at: new Date().toISOString(),
    account: { id: 1, name: 'Acme Support' },
    inbox: { id: 1, name: 'Acme API' },
    conversation: { id: conversationId, inbox_id: 1, status: 'open' },
    sender: { id: 1, name: 'Dana Reyes', email: 'dana@example.com' },
  };
}
