import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { type ChatwootTool, type Listed, listedLazily } from './definitions.js';
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

/** The estimate of what `listings` cost as a JSON array, from their JSON texts. */
export const estimateTokens = (listings: readonly Listed[]) =>
  Math.ceil(arrayJson(listings).length / LISTING_CHARS_PER_TOKEN);

const arrayJson = (listings: readonly Listed[]) => `[${listings.map((tool) => tool.listingJson).join(',')}]`;

export interface Listing {
  tools: Tool[];
  /** How many tools are listed (without reading their listings). */
  size: number;
  /** tools/list's result as JSON text, `{"tools":[…]}`: the listings' own texts, mostly as the build wrote them. */
  json: string;
  /** Whether the dynamic trio is listed (so search_tools, describe_tools and call_tool answer). */
  dynamic: boolean;
}

/** A listing of these tools: their objects and their text, each made when first read. */
function listingOf(listed: readonly Listed[], dynamic: boolean): Listing {
  let tools: Tool[] | undefined;
  let json: string | undefined;
  return {
    dynamic,
    size: listed.length,
    get tools() {
      tools ??= listed.map((tool) => tool.listing);
      return tools;
    },
    get json() {
      json ??= `{"tools":${arrayJson(listed)}}`;
      return json;
    },
  };
}

const META_LISTED = META_TOOLS.map((tool) => listedLazily(() => tool));

/**
 * full: every enabled tool. dynamic: the three meta-tools only. auto: every tool when the list fits the token
 * budget and the client's tool cap; otherwise whole toolsets, most used first, as real tools while they fit, and
 * the dynamic trio for everything.
 */
export function chooseListing(
  tools: ChatwootTool[],
  listedOf: (tool: ChatwootTool) => Listed,
  options: { mode: ToolMode; budget: number; clientName?: string | undefined },
): Listing {
  const all = tools.map(listedOf);
  if (options.mode === 'full') return listingOf(all, false);
  if (options.mode === 'dynamic') return listingOf(META_LISTED, true);

  const cap = toolCapFor(options.clientName) ?? Number.POSITIVE_INFINITY;
  if (all.length <= cap && estimateTokens(all) <= options.budget) return listingOf(all, false);

  const promoted: Listed[] = [];
  let tokens = estimateTokens(META_LISTED);
  for (const toolset of TOOLSETS) {
    const members = all.filter((_, index) => tools[index]?.operation.toolset === toolset);
    if (members.length === 0) continue;
    const cost = estimateTokens(members);
    if (tokens + cost > options.budget || promoted.length + members.length > cap - META_TOOLS.length) break;
    promoted.push(...members);
    tokens += cost;
  }
  return listingOf([...promoted, ...META_LISTED], true);
}
