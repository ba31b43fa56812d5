import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { ToolCall } from './call.js';

/** An argument or URI this module cannot use: the caller's mistake, to be answered with InvalidParams. */
export class SupportArgumentError extends Error {
  override name = 'SupportArgumentError';
}

/** The conversation or contact a prompt or resource names does not exist (or this token cannot see it). */
export class SupportNotFoundError extends Error {
  override name = 'SupportNotFoundError';
}

/** The MCP spec's code for a resource that does not exist; the SDK's ErrorCode does not name it. */
export const RESOURCE_NOT_FOUND = -32002;

/** The JSON-RPC error a prompts/get, completion/complete or resources/read handler should throw. */
export function toMcpError(error: unknown, request: 'prompt' | 'resource' | 'completion'): McpError {
  if (error instanceof McpError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof SupportNotFoundError)
    return new McpError(request === 'resource' ? RESOURCE_NOT_FOUND : ErrorCode.InvalidParams, message);
  if (error instanceof SupportArgumentError) return new McpError(ErrorCode.InvalidParams, message);
  return new McpError(ErrorCode.InternalError, message);
}

/** A read whose 404 means "no such thing": the failure names what was asked for and keeps Chatwoot's words. */
export async function readExisting(
  call: ToolCall,
  toolName: string,
  args: Record<string, unknown>,
  what: string,
): Promise<unknown> {
  try {
    return await call(toolName, args);
  } catch (error) {
    const message = (error as Error).message;
    if (/\bHTTP 404\b/.test(message)) throw new SupportNotFoundError(`${what} not found: ${message}`);
    throw new Error(`${what} could not be read: ${message}`);
  }
}

/** A positive whole number from a prompt argument or a URI segment, which arrive as strings. */
export function positiveId(value: unknown, name: string): number {
  const raw = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^[1-9]\d{0,15}$/.test(raw))
    throw new SupportArgumentError(`${name} must be a positive whole number, got ${JSON.stringify(value)}.`);
  return Number(raw);
}
