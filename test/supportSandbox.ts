import { parseCommandLine } from '../src/config.js';
import { createRuntime, type Runtime } from '../src/runtime.js';
import { SANDBOX_TOKENS, type Sandbox, startSandbox } from '../src/sandbox/index.js';
import { type ToolCall, toolCaller } from '../src/support/call.js';
import { UNTRUSTED_LABEL } from '../src/support/untrusted.js';

export interface SupportSandbox {
  sandbox: Sandbox;
  runtime: Runtime;
  call: ToolCall;
  /** Every tool call made through `call`, in order. */
  calls: { name: string; args: Record<string, unknown> }[];
  close(): Promise<void>;
}

/** The sandbox Chatwoot and a ToolCall through the server's own runtime, tools and client, with account 1. */
export async function startSupportSandbox(): Promise<SupportSandbox> {
  const sandbox = await startSandbox();
  const parsed = parseCommandLine([], { CHATWOOT_SANDBOX: 'true', LOG_LEVEL: 'error' });
  if (parsed.kind !== 'run') throw new Error(`unexpected config: ${JSON.stringify(parsed)}`);
  const runtime = createRuntime({
    ...parsed.config,
    baseUrl: sandbox.url,
    apiToken: SANDBOX_TOKENS.user,
    accountId: 1,
    maxRetries: 0,
  });
  const through = toolCaller(runtime.defaultTenant, runtime.log);
  const calls: SupportSandbox['calls'] = [];
  const call: ToolCall = (name, args) => {
    calls.push({ name, args });
    return through(name, args);
  };
  return { sandbox, runtime, call, calls, close: () => sandbox.close() };
}

/** A new conversation of Ravi's in the API inbox with `count` messages, customer and agent in turn. */
export async function conversationWithMessages(call: ToolCall, count: number): Promise<number> {
  const conversation = (await call('create_conversation', { inbox_id: 1, contact_id: 2 })) as { id: number };
  for (let index = 1; index <= count; index++) {
    await call('create_message', {
      conversation_id: conversation.id,
      content: `message ${index} of ${count}`,
      message_type: index % 2 === 1 ? 'incoming' : 'outgoing',
    });
  }
  return conversation.id;
}

/** The Markdown with every untrusted block cut out: what a model reads as trusted text. */
export function outsideUntrustedBlocks(markdown: string): string {
  return markdown.replace(new RegExp(`^(\`{3,})${UNTRUSTED_LABEL}\\n[\\s\\S]*?\\n\\1$`, 'gm'), '');
}

/** The contents of every untrusted block, in order. */
export function untrustedBlocks(markdown: string): string[] {
  return [...markdown.matchAll(new RegExp(`^(\`{3,})${UNTRUSTED_LABEL}\\n([\\s\\S]*?)\\n\\1$`, 'gm'))].map(
    (match) => match[2] as string,
  );
}
