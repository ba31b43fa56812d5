import { executeTool } from '../execute.js';
import type { Logger } from '../log.js';
import type { Tenant } from '../runtime.js';
import { unavailable } from '../tools/surface.js';

/** Runs one tool by name and resolves to its parsed JSON reply; rejects with the tool's own error text. */
export type ToolCall = (toolName: string, args: Record<string, unknown>) => Promise<unknown>;

/**
 * A ToolCall through the same tools, client and redaction as tools/call, for one tenant. Replies come whole
 * (Chatwoot's JSON, no view, no result budget): they are read by this module, not shown to a model as they are.
 */
export function toolCaller(tenant: Tenant, log: Logger, signal?: AbortSignal): ToolCall {
  return async (toolName, args) => {
    const tool = tenant.tools.get(toolName);
    if (!tool) {
      throw new Error(
        unavailable(tenant.surface, toolName) ??
          `${toolName} is not available on this server: no tool has this name.`,
      );
    }
    const result = await executeTool(tool, args, {
      client: tenant.client,
      log,
      redact: tenant.redact,
      defaultAccountId: tenant.defaultAccountId,
      findAccount: tenant.findAccount,
      signal,
      fullResults: true,
    });
    const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
    if (result.isError) throw new Error(text);
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };
}

/** A reply that may not be needed: its failure is kept as text for the reader to see, not thrown. */
export type Attempt = { reply: unknown } | { error: string };

export const attempt = (reply: Promise<unknown>): Promise<Attempt> =>
  reply.then(
    (value) => ({ reply: value }),
    (error: Error) => ({ error: error.message }),
  );
