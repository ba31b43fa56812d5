import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ChatwootTool } from './definitions.js';
import { META_TOOLS } from './dynamic.js';
import { TOOLSETS } from './toolsets.js';

export type ToolMode = 'full' | 'dynamic' | 'auto';

/** Measured on our own listing: about 4.5 characters of tools/list JSON per o200k token. */
export const LISTING_CHARS_PER_TOKEN = 4.5;

/** Tool-count limits of clients known to cut the tool list, by a word of their clientInfo name. */
const CLIENT_TOOL_CAPS: [RegExp, number][] = [
  [/cursor/i, 40],
  [/windsurf|codeium/i, 50],
  [/openai|chatgpt|codex/i, 128],
];

export function toolCapFor(clientName: string | undefined): number | undefined {
  return CLIENT_TOOL_CAPS.find(([pattern]) => pattern.test(clientName ?? ''))?.[1];
}

export const estimateTokens = (listings: Tool[]) =>
  Math.ceil(JSON.stringify(listings).length / LISTING_CHARS_PER_TOKEN);

export interface Listing {
  tools: Tool[];
  /** Whether the dynamic trio is listed (so search_tools, describe_tools and call_tool answer). */
  dynamic: boolean;
}

/**
 * full: every enabled tool. dynamic: the three meta-tools only. auto: every tool when the list fits the token
 * budget and the client's tool cap; otherwise whole toolsets, most used first, as real tools while they fit, and
 * the dynamic trio for everything.
 */
export function chooseListing(
  tools: ChatwootTool[],
  listingOf: (tool: ChatwootTool) => Tool,
  options: { mode: ToolMode; budget: number; clientName?: string | undefined },
): Listing {
  const all = tools.map(listingOf);
  if (options.mode === 'full') return { tools: all, dynamic: false };
  if (options.mode === 'dynamic') return { tools: META_TOOLS, dynamic: true };

  const cap = toolCapFor(options.clientName) ?? Number.POSITIVE_INFINITY;
  if (all.length <= cap && estimateTokens(all) <= options.budget) return { tools: all, dynamic: false };

  const promoted: Tool[] = [];
  let tokens = estimateTokens(META_TOOLS);
  for (const toolset of TOOLSETS) {
    const members = tools.filter((tool) => tool.operation.toolset === toolset).map(listingOf);
    if (members.length === 0) continue;
    const cost = estimateTokens(members);
    if (tokens + cost > options.budget || promoted.length + members.length > cap - META_TOOLS.length) break;
    promoted.push(...members);
    tokens += cost;
  }
  return { tools: [...promoted, ...META_TOOLS], dynamic: true };
}
