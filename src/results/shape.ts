import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Operation } from '../catalog/types.js';
import type { Redact } from '../redact.js';
import { CHARS_PER_TOKEN, type Fitted, fitResult, type PagingHints } from './fit.js';
import { applyView, compact } from './view.js';

export interface ShapeContext {
  redact: Redact;
  /** Chatwoot's JSON as it came, instead of the compact view (a setting, or `full: true` on a call). */
  full: boolean;
  /** Results over this many (estimated) tokens are cut, with a marker saying how to get the rest. */
  maxResultTokens: number | undefined;
  /** Also send the result as structuredContent (for clients that read only that). */
  structured: boolean;
  /** Draft-only mode turned this call into a draft: the sentence the result opens with. */
  draft: string | undefined;
  /** Reads the state a write produced: sends a declared read-back and resolves to its reply. */
  readState: (operation: Operation, args: Record<string, unknown>) => Promise<unknown>;
  paging: PagingHints;
}

const META = 'chatwoot-mcp';

/**
 * What a model reads of a successful call, rendered once: the operation's compact view of the reply (or the
 * reply whole, when asked), the state a write produced where its reply lacks it, within the budget.
 */
export async function shapeResult(
  operation: Operation,
  args: Record<string, unknown>,
  data: unknown,
  context: ShapeContext,
): Promise<CallToolResult> {
  const value = context.full ? fullValue(data, context) : await compactValue(operation, args, data, context);
  const fitted = render(value, context);
  const text = context.redact(fitted.text);
  const result: CallToolResult = { content: [{ type: 'text', text }] };
  if (context.structured && fitted.marker === undefined && isRecord(value)) {
    // The redacted text, parsed back: structuredContent must not carry what the text had redacted.
    result.structuredContent = JSON.parse(text) as Record<string, unknown>;
  }
  if (fitted.marker) {
    result.content.push({ type: 'text', text: `[truncated] ${fitted.marker}` });
    result._meta = { [`${META}/truncated`]: fitted.marker };
  }
  return result;
}

/** JSON within the budget; a reply that is text (not JSON) stays text, cut at the budget if it must be. */
function render(value: unknown, context: ShapeContext): Fitted {
  const budget = context.maxResultTokens;
  if (typeof value !== 'string') {
    if (budget === undefined) return { text: JSON.stringify(value) ?? 'null', marker: undefined };
    return fitResult(value, budget, context.paging);
  }
  const limit = budget === undefined ? Number.POSITIVE_INFINITY : budget * CHARS_PER_TOKEN;
  if (value.length <= limit) return { text: value, marker: undefined };
  return {
    text: `${value.slice(0, limit)}…`,
    marker: `The reply was cut after ${limit} characters to stay within ${budget} tokens.`,
  };
}

/** Chatwoot's reply unchanged; an empty one says it succeeded, and a draft says what it is beside it. */
function fullValue(data: unknown, context: ShapeContext): unknown {
  const value = data === undefined || data === '' ? { ok: true } : data;
  return context.draft ? { draft: context.draft, reply: value } : value;
}

async function compactValue(
  operation: Operation,
  args: Record<string, unknown>,
  data: unknown,
  context: ShapeContext,
): Promise<unknown> {
  const { view, readBack, views } = operation.result;
  const out: Record<string, unknown> = context.draft ? { draft: context.draft } : {};
  const reads = readBack !== undefined && !operation.readOnly;
  // Without a view of its own, a write with a read-back shows the state it produced instead of its reply (an
  // assignment's reply is the agent or the team; the state is the conversation's owners).
  const showsReply = !reads || view !== undefined;
  if (showsReply) Object.assign(out, asRecord(replyValue(operation, args, data)));
  if (reads) {
    // The write's own path values pass on by name (account_id, conversation_id); declared ones add to them.
    const readArgs: Record<string, unknown> = {};
    for (const parameter of readBack.operation.parameters)
      if (parameter.in === 'path' && args[parameter.name] !== undefined)
        readArgs[parameter.name] = args[parameter.name];
    for (const [name, source] of Object.entries(readBack.args)) {
      const [from, ...path] = source.split('.');
      readArgs[name] = path.reduce<unknown>(
        (node, key) => (isRecord(node) ? node[key] : undefined),
        from === 'args' ? args : data,
      );
    }
    try {
      const state = await context.readState(readBack.operation, readArgs);
      const stateView = readBack.view ?? readBack.operation.result.view;
      out[readBack.as] = stateView === undefined ? compact(state) : applyView(stateView, state, views);
    } catch (error) {
      if (!showsReply) Object.assign(out, asRecord(replyValue(operation, args, data)));
      out.read_back = `The write succeeded, but reading the state back with ${readBack.operation.id} failed: ${(error as Error).message}`;
    }
  }
  return Object.keys(out).length === 1 && 'result' in out ? out.result : out;
}

/** The reply in the operation's view; a reply whose shape the view does not know is compacted, not lost. */
function replyValue(operation: Operation, args: Record<string, unknown>, data: unknown): unknown {
  const { view, views } = operation.result;
  const value = (view === undefined ? undefined : applyView(view, data, views)) ?? compact(data);
  return value === undefined ? { done: doneSummary(operation, args) } : value;
}

/** For a reply with nothing in it (a delete, a toggle): which operation succeeded, on which ids. */
function doneSummary(operation: Operation, args: Record<string, unknown>): Record<string, unknown> {
  const ids: Record<string, unknown> = {};
  for (const parameter of operation.parameters) {
    if (parameter.in === 'path' && parameter.name !== 'account_id' && args[parameter.name] !== undefined)
      ids[parameter.name] = args[parameter.name];
  }
  return { what: operation.title, ...ids };
}

function asRecord(value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  return isRecord(value) ? value : { result: value };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
