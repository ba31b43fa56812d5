import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AttachmentError } from './attachments/errors.js';
import type { AttachmentPolicy } from './attachments/load.js';
import type { ChatwootClient } from './chatwoot/client.js';
import { ArgumentError, buildHttpRequest } from './chatwoot/request.js';
import { fitResult } from './fitResult.js';
import type { Logger } from './log.js';
import type { Redact } from './redact.js';
import { describeFailure, errorResult, successResult } from './toolResult.js';
import { splitArguments } from './tools/arguments.js';
import { coerceArguments } from './tools/coerce.js';
import type { ChatwootTool } from './tools/definitions.js';
import { validateArguments } from './tools/validate.js';

export interface ExecuteContext {
  client: ChatwootClient;
  log: Logger;
  redact: Redact;
  defaultAccountId?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Results over this many (estimated) tokens are cut, with a marker. */
  maxResultTokens?: number | undefined;
  /** Destructive tools need the user's yes: asked through `elicit` where the client can, else `confirm: true`. */
  confirmDestructive?: boolean | undefined;
  elicit?: ((message: string) => Promise<boolean>) | undefined;
  /** Where file arguments may come from, and how large they may be. */
  attachments?: AttachmentPolicy | undefined;
}

const META = 'chatwoot-mcp';

/**
 * One tool call: forgive what is unambiguous, validate, ask for confirmation where required, place the
 * arguments, send, and turn the reply or the failure into a tool result within the size budget.
 */
export async function executeTool(
  tool: ChatwootTool,
  rawArgs: unknown,
  context: ExecuteContext,
): Promise<CallToolResult> {
  const { operation } = tool;
  const isObject = rawArgs !== null && typeof rawArgs === 'object' && !Array.isArray(rawArgs);
  if (!isObject && rawArgs !== undefined && rawArgs !== null) {
    return errorResult(`Invalid arguments for ${operation.id}: arguments must be an object`, context.redact);
  }
  const given: Record<string, unknown> = isObject ? { ...(rawArgs as object) } : {};
  const needsConfirmation = context.confirmDestructive === true && operation.destructive;
  const confirmed = given.confirm === true;
  if (needsConfirmation) delete given.confirm;
  for (const name of Object.keys(tool.forced)) delete given[name];

  const { args: forgiven, coerced } = coerceArguments(tool.input.schema, given);
  const validation = validateArguments(tool, forgiven);
  if (!validation.ok) return errorResult(validation.message, context.redact);

  if (needsConfirmation) {
    const refusal = await confirmation(tool, validation.args, confirmed, context);
    if (refusal) return errorResult(refusal, context.redact);
  }

  const args = withDefaultAccount(tool, { ...validation.args, ...tool.forced }, context.defaultAccountId);
  const parts = splitArguments(tool.input, args);
  let request: ReturnType<typeof buildHttpRequest>;
  try {
    request = buildHttpRequest(operation, parts);
  } catch (error) {
    if (error instanceof ArgumentError) {
      return errorResult(`Invalid arguments for ${operation.id}:\n- ${error.message}`, context.redact);
    }
    throw error;
  }
  if (parts.files.length > 0) {
    if (!context.attachments)
      return errorResult(`${operation.id}: file arguments are not enabled on this server`, context.redact);
    try {
      // Loaded on first use: fetching URLs needs node:https and node:dns, which stdio start-up can do without.
      const { loadUploads } = await import('./attachments/load.js');
      request.uploads = await loadUploads(parts.files, context.attachments, context.signal);
    } catch (error) {
      if (!(error instanceof AttachmentError)) throw error;
      return errorResult(`Attachment refused, nothing was sent: ${error.message}`, context.redact);
    }
  }

  const started = performance.now();
  try {
    const reply = await context.client.send(request, operation.auth, context.signal);
    context.log.debug(
      `${operation.id} ${request.method} ${request.path} → ${reply.status} in ${elapsed(started)} ms`,
    );
    const fitted =
      context.maxResultTokens === undefined
        ? { data: reply.data, marker: undefined }
        : fitResult(reply.data, context.maxResultTokens, {
            pagesBefore: tool.input.places.has('before'),
            nextPage: tool.input.places.has('page') ? Number(args.page ?? 1) + 1 : undefined,
          });
    const result = successResult(reply.status, fitted.data, context.redact);
    const meta: Record<string, unknown> = {};
    if (fitted.marker) {
      result.content.push({ type: 'text', text: `[truncated] ${fitted.marker}` });
      meta[`${META}/truncated`] = fitted.marker;
    }
    if (coerced.length > 0) meta[`${META}/coerced`] = coerced;
    if (Object.keys(meta).length > 0) result._meta = meta;
    return result;
  } catch (error) {
    context.log.info(
      `${operation.id} ${request.method} ${request.path} failed in ${elapsed(started)} ms: ${(error as Error).message}`,
    );
    return errorResult(describeFailure(error, operation, parts.path), context.redact);
  }
}

async function confirmation(
  tool: ChatwootTool,
  args: Record<string, unknown>,
  confirmed: boolean,
  context: ExecuteContext,
): Promise<string | undefined> {
  const what = `${tool.listing.title} (${tool.operation.id} ${JSON.stringify(args)})`;
  if (context.elicit) {
    const yes = await context.elicit(`Allow this destructive action? ${what}. It cannot be undone.`);
    return yes ? undefined : `Not done: the user did not confirm ${what}.`;
  }
  return confirmed
    ? undefined
    : `${tool.operation.id} is destructive and confirmation is required: ask the user, then call again with confirm: true.`;
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
