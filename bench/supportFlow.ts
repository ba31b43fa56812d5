// A support agent's flow through the built server over stdio, against the sandbox, counting o200k tokens of what
// a model reads: the listing, the instructions and every result (content and structuredContent, as clients that
// forward both see them), next to the raw Chatwoot JSON of the same calls, recorded by a proxy in between.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { packageFile } from '../src/paths.js';
import { SANDBOX_TOKENS, startSandbox } from '../src/sandbox/index.js';
import { JsonRpcChild } from './jsonRpcChild.js';

export interface FlowStep {
  tool: string;
  args: Record<string, unknown>;
}

/** Find the customer, read, reply, note, assign, label, resolve, check, list: what a support agent does. */
export const SUPPORT_FLOW: FlowStep[] = [
  { tool: 'search_contacts', args: { q: 'jane' } },
  { tool: 'list_contact_conversations', args: { contact_id: 1 } },
  { tool: 'get_conversation', args: { conversation_id: 1 } },
  { tool: 'list_messages', args: { conversation_id: 1 } },
  {
    tool: 'create_message',
    args: { conversation_id: 1, content: 'Yes: the confirmation email is on its way.' },
  },
  {
    tool: 'create_message',
    args: { conversation_id: 1, content: 'Sent the confirmation by hand.', private: true },
  },
  { tool: 'assign_conversation', args: { conversation_id: 1, assignee_id: 3 } },
  { tool: 'add_conversation_labels', args: { conversation_id: 1, labels: ['billing', 'vip', 'refund'] } },
  { tool: 'toggle_conversation_status', args: { conversation_id: 1, status: 'resolved' } },
  { tool: 'get_conversation', args: { conversation_id: 1 } },
  { tool: 'list_conversations', args: { status: 'resolved' } },
];

export interface FlowRun {
  listingTokens: number;
  instructionsTokens: number;
  steps: { tool: string; resultTokens: number; rawTokens: number; isError: boolean }[];
  /** What went wrong with the end state, if anything (empty when the flow did what it says). */
  endStateProblems: string[];
}

const tokens = (text: string) => encode(text).length;

/** Runs the flow against a fresh sandbox, with the server's default settings plus `env`. */
export async function runSupportFlow(env: Record<string, string> = {}): Promise<FlowRun> {
  const sandbox = await startSandbox();
  const recorded: string[] = [];
  const upstream = new URL(sandbox.url);
  const proxy = createServer((incoming, outgoing) => {
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: incoming.url,
        method: incoming.method,
        headers: incoming.headers,
      },
      (reply) => {
        const chunks: Buffer[] = [];
        reply.on('data', (chunk: Buffer) => chunks.push(chunk));
        reply.on('end', () => {
          const body = Buffer.concat(chunks);
          recorded.push(body.toString('utf8'));
          outgoing.writeHead(reply.statusCode ?? 502, reply.headers).end(body);
        });
      },
    );
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const child = new JsonRpcChild(packageFile('dist/cli.js'), {
    CHATWOOT_BASE_URL: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    CHATWOOT_API_TOKEN: SANDBOX_TOKENS.user,
    CHATWOOT_ACCOUNT_ID: '1',
    LOG_LEVEL: 'error',
    ...env,
  });
  try {
    const init = (await child.request('initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'support-flow', version: '1.0.0' },
    })) as { result: { instructions?: string } };
    child.notify('notifications/initialized');
    const listing = (await child.request('tools/list')) as { result: unknown };
    const steps: FlowRun['steps'] = [];
    for (const step of SUPPORT_FLOW) {
      recorded.length = 0;
      const reply = (await child.request('tools/call', { name: step.tool, arguments: step.args })) as {
        result: { content: { text?: string }[]; structuredContent?: unknown; isError?: boolean };
      };
      const { content, structuredContent, isError } = reply.result;
      const seen = content.map((part) => part.text ?? '').join('\n');
      steps.push({
        tool: step.tool,
        resultTokens:
          tokens(seen) + (structuredContent === undefined ? 0 : tokens(JSON.stringify(structuredContent))),
        rawTokens: recorded.reduce((sum, body) => sum + tokens(body), 0),
        isError: isError === true,
      });
    }
    return {
      listingTokens: tokens(JSON.stringify(listing.result)),
      instructionsTokens: tokens(init.result.instructions ?? ''),
      steps,
      endStateProblems: await endStateProblems(sandbox.url),
    };
  } finally {
    await child.close();
    proxy.close();
    await sandbox.close();
  }
}

/** Reads conversation 1 straight from the sandbox: the flow's writes must all be there. */
async function endStateProblems(baseUrl: string): Promise<string[]> {
  const get = async (path: string) =>
    (await (
      await fetch(`${baseUrl}/api/v1/accounts/1${path}`, {
        headers: { api_access_token: SANDBOX_TOKENS.user },
      })
    ).json()) as Record<string, unknown>;
  const conversation = await get('/conversations/1');
  const messages = ((await get('/conversations/1/messages')).payload ?? []) as Record<string, unknown>[];
  const meta = conversation.meta as { assignee?: { id?: number } } | undefined;
  const problems: string[] = [];
  if (conversation.status !== 'resolved') problems.push(`status is ${String(conversation.status)}`);
  if (meta?.assignee?.id !== 3) problems.push('not assigned to agent 3');
  if (!(conversation.labels as string[] | undefined)?.includes('refund'))
    problems.push('label refund missing');
  const reply = messages.find((message) =>
    String(message.content).includes('confirmation email is on its way'),
  );
  if (reply?.private !== false) problems.push('the reply was not sent to the customer');
  const note = messages.find((message) => message.content === 'Sent the confirmation by hand.');
  if (note?.private !== true) problems.push('the private note is missing');
  return problems;
}

/** The bench section: compact results by default, next to what the same flow costs with full JSON twice. */
export async function supportFlowReport(): Promise<string[]> {
  const compact = await runSupportFlow();
  const twice = await runSupportFlow({ CHATWOOT_RESULTS: 'full', CHATWOOT_STRUCTURED_CONTENT: 'true' });
  const sum = (run: FlowRun, key: 'resultTokens' | 'rawTokens') =>
    run.steps.reduce((total, step) => total + step[key], 0);
  const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)}%`;
  const raw = sum(compact, 'rawTokens');
  return [
    '## Support flow: tokens a model pays',
    '',
    `${SUPPORT_FLOW.length} calls of a support agent (find the customer, read, reply, note, assign, label, resolve, check, list) through the built server over stdio in its default settings (with a default account), against the sandbox. o200k tokens of every result as a client that forwards both \`content\` and \`structuredContent\` sees it, next to the raw Chatwoot JSON of the same calls (read-backs included), recorded by a proxy between server and sandbox. "Full JSON, twice" is the same flow with \`CHATWOOT_RESULTS=full\` and \`CHATWOOT_STRUCTURED_CONTENT=true\`: how results were sent before compact views.`,
    '',
    '| step | tool | compact result | full JSON, twice | raw Chatwoot JSON |',
    '| --- | --- | --- | --- | --- |',
    ...compact.steps.map(
      (step, index) =>
        `| ${index + 1} | \`${step.tool}\` | ${step.resultTokens} | ${twice.steps[index]?.resultTokens ?? ''} | ${step.rawTokens} |`,
    ),
    `| | **all results** | **${sum(compact, 'resultTokens')}** (${percent(sum(compact, 'resultTokens'), raw)} of raw) | ${sum(twice, 'resultTokens')} (${percent(sum(twice, 'resultTokens'), raw)}) | ${raw} |`,
    `| | listing + instructions | ${compact.listingTokens + compact.instructionsTokens} | ${twice.listingTokens + twice.instructionsTokens} | |`,
    '',
    compact.endStateProblems.length === 0
      ? 'End state checked in the sandbox: resolved, assigned, labelled, the reply sent and the note kept.'
      : `End state WRONG: ${compact.endStateProblems.join('; ')}.`,
    '',
  ];
}
