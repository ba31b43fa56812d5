import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ChatwootClient } from './chatwoot/client.js';
import { buildHttpRequest, PathParameterError } from './chatwoot/request.js';
import type { Logger } from './log.js';
import type { Redact } from './redact.js';
import { describeFailure, errorResult, successResult } from './toolResult.js';
import { splitArguments } from './tools/arguments.js';
import type { ChatwootTool } from './tools/definitions.js';
import { validateArguments } from './tools/validate.js';

export interface ExecuteContext {
  client: ChatwootClient;
  log: Logger;
  redact: Redact;
  defaultAccountId?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** One tool call: validate, place the arguments, send, and turn the reply or the failure into a tool result. */
export async function executeTool(
  tool: ChatwootTool,
  rawArgs: unknown,
  context: ExecuteContext,
): Promise<CallToolResult> {
  const { operation } = tool;
  const validation = validateArguments(tool, rawArgs);
  if (!validation.ok) return errorResult(validation.message, context.redact);

  const args = withDefaultAccount(tool, validation.args, context.defaultAccountId);
  const parts = splitArguments(tool.input, args);
  let request: ReturnType<typeof buildHttpRequest>;
  try {
    request = buildHttpRequest(operation, parts);
  } catch (error) {
    if (error instanceof PathParameterError)
      return errorResult(`Invalid arguments for ${operation.id}:\n- ${error.message}`, context.redact);
    throw error;
  }

  const started = performance.now();
  try {
    const reply = await context.client.send(request, operation.auth, context.signal);
    context.log.debug(
      `${operation.id} ${request.method} ${request.path} → ${reply.status} in ${elapsed(started)} ms`,
    );
    return successResult(reply.status, reply.data, context.redact);
  } catch (error) {
    context.log.info(
      `${operation.id} ${request.method} ${request.path} failed in ${elapsed(started)} ms: ${(error as Error).message}`,
    );
    return errorResult(describeFailure(error, operation, parts.path), context.redact);
  }
}

function withDefaultAccount(
  tool: ChatwootTool,
  args: Record<string, unknown>,
  accountId: number | undefined,
) {
  if (accountId === undefined || args.account_id !== undefined || !tool.input.places.has('account_id'))
    return args;
  return { ...args, account_id: accountId };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
