import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AttachmentError } from './attachments/errors.js';
import type { AttachmentPolicy } from './attachments/load.js';
import type { Operation } from './catalog/types.js';
import { AccountChoiceError } from './chatwoot/account.js';
import type { ChatwootClient } from './chatwoot/client.js';
import { ArgumentError, buildHttpRequest } from './chatwoot/request.js';
import type { Logger } from './log.js';
import type { Redact } from './redact.js';
import { describeFailure, errorResult } from './results/failure.js';
import { shapeResult } from './results/shape.js';
import { splitArguments } from './tools/arguments.js';
import { coerceArguments } from './tools/coerce.js';
import { type ChatwootTool, findsAccountFor } from './tools/definitions.js';
import { validateArguments } from './tools/validate.js';

export interface ExecuteContext {
  client: ChatwootClient;
  log: Logger;
  redact: Redact;
  defaultAccountId?: number | undefined;
  /** Without a default account: the token's only account, read from its profile (refused when it has several). */
  findAccount?: ((signal?: AbortSignal) => Promise<number>) | undefined;
  signal?: AbortSignal | undefined;
  /** Results over this many (estimated) tokens are cut, with a marker. */
  maxResultTokens?: number | undefined;
  /** Chatwoot's JSON as it came on every call, instead of compact views (a call can ask with `full: true`). */
  fullResults?: boolean | undefined;
  /** Also send results as structuredContent. */
  structuredResults?: boolean | undefined;
  /** Destructive tools need the user's yes: asked through `elicit` where the client can, else `confirm: true`. */
  confirmDestructive?: boolean | undefined;
  elicit?: ((message: string) => Promise<boolean>) | undefined;
  /** Where file arguments may come from, and how large they may be. */
  attachments?: AttachmentPolicy | undefined;
}

const META = 'chatwoot-mcp';
/** Accepted on every call though not listed (the server's instructions say so): Chatwoot's JSON unchanged. */
const FULL_ARGUMENT = 'full';

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
  const full = context.fullResults === true || given[FULL_ARGUMENT] === true;
  if (!tool.input.places.has(FULL_ARGUMENT)) delete given[FULL_ARGUMENT];
  for (const name of Object.keys(tool.forced)) delete given[name];

  const { args: forgiven, coerced } = coerceArguments(tool.input.schema, given);
  const validation = validateArguments(tool, forgiven);
  if (!validation.ok) return errorResult(validation.message, context.redact);

  if (needsConfirmation) {
    const refusal = await confirmation(tool, validation.args, confirmed, context);
    if (refusal) return errorResult(refusal, context.redact);
  }

  const args = withDefaultAccount(
    tool,
    { ...draftPrefixed(tool, validation.args), ...tool.forced },
    context.defaultAccountId,
  );
  const { findAccount } = context;
  if (
    findAccount &&
    findsAccountFor(operation) &&
    args.account_id === undefined &&
    tool.input.places.has('account_id')
  ) {
    try {
      args.account_id = await findAccount(context.signal);
    } catch (error) {
      const why =
        error instanceof AccountChoiceError
          ? error.message
          : `account_id is needed, and reading the token's profile to find it failed: ${describeFailure(error, operation, {})}`;
      return errorResult(`${operation.id}: nothing was sent. ${why}`, context.redact);
    }
  }
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
    const result = await shapeResult(operation, args, reply.data, {
      redact: context.redact,
      full,
      maxResultTokens: context.maxResultTokens,
      structured: context.structuredResults === true,
      draft: tool.draft?.says,
      readState: (target, readArgs) => readState(target, readArgs, context),
      paging: {
        pagesBefore: tool.input.places.has('before'),
        nextPage: tool.input.places.has('page') ? Number(args.page ?? 1) + 1 : undefined,
      },
    });
    if (coerced.length > 0) result._meta = { ...result._meta, [`${META}/coerced`]: coerced };
    return result;
  } catch (error) {
    context.log.warn(
      `${operation.id} ${request.method} ${request.path} failed in ${elapsed(started)} ms: ${(error as Error).message}`,
    );
    return errorResult(describeFailure(error, operation, parts.path), context.redact);
  }
}

/** A declared read-back: a GET built from the catalog, sent with the same client, its reply data. */
async function readState(
  operation: Operation,
  args: Record<string, unknown>,
  context: ExecuteContext,
): Promise<unknown> {
  const parts = {
    path: {} as Record<string, unknown>,
    query: {} as Record<string, unknown>,
    body: undefined,
  };
  for (const parameter of operation.parameters) {
    const value = args[parameter.name];
    if (value !== undefined) parts[parameter.in][parameter.name] = value;
  }
  const reply = await context.client.send(buildHttpRequest(operation, parts), operation.auth, context.signal);
  return reply.data;
}

/** Draft-only mode: text a human must see as a draft in Chatwoot's own UI gets the declared prefix. */
function draftPrefixed(tool: ChatwootTool, args: Record<string, unknown>): Record<string, unknown> {
  const prefix = tool.draft?.prefix;
  if (!prefix) return args;
  const out = { ...args };
  for (const [name, text] of Object.entries(prefix)) {
    if (typeof out[name] === 'string') out[name] = `${text}${out[name]}`;
  }
  return out;
}

async function confirmation(
  tool: ChatwootTool,
  args: Record<string, unknown>,
  confirmed: boolean,
  context: ExecuteContext,
): Promise<string | undefined> {
  const what = `${tool.operation.title} (${tool.operation.id} ${JSON.stringify(args)})`;
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
