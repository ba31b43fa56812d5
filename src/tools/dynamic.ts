import type { Tool } from '@modelcontextprotocol/sdk/types.js';

/** The three meta-tools of dynamic mode: find a tool, read its arguments, call it. */
export const SEARCH_TOOL: Tool = {
  name: 'search_tools',
  title: 'Search Chatwoot tools',
  description:
    'Find Chatwoot tools by what you want to do, in plain words ("reply to a conversation", "add a label"). Returns names, each with when to use it. Then describe_tools for arguments, and call_tool.',
  inputSchema: {
    type: 'object',
    properties: {
      query: { type: 'string', description: 'What you want to do.' },
      limit: { type: 'integer', minimum: 1, maximum: 20, default: 8 },
    },
    required: ['query'],
  },
  annotations: { readOnlyHint: true, openWorldHint: false },
};

export const DESCRIBE_TOOL: Tool = {
  name: 'describe_tools',
  title: 'Describe Chatwoot tools',
  description: 'Full description and input schema of one or more tools found with search_tools.',
  inputSchema: {
    type: 'object',
    properties: { names: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 10 } },
    required: ['names'],
  },
  annotations: { readOnlyHint: true, openWorldHint: false },
};

export const CALL_TOOL: Tool = {
  name: 'call_tool',
  title: 'Call a Chatwoot tool',
  description:
    'Run a tool found with search_tools, with arguments that match its schema from describe_tools. Returns what the tool returns.',
  inputSchema: {
    type: 'object',
    properties: {
      name: { type: 'string', description: 'Tool name, e.g. create_message.' },
      arguments: { type: 'object', description: 'The tool’s arguments.' },
    },
    required: ['name'],
  },
};

export const META_TOOLS = [SEARCH_TOOL, DESCRIBE_TOOL, CALL_TOOL];

/**
 * The line a search hit carries: the description, written to say what the tool does that its neighbours do not
 * (e.g. "counts only: get_conversation_counts"), or the title where the description adds nothing to it.
 */
export function useWhen(listing: Tool): string {
  return (listing.description || listing.title || '').replace(/\s+/g, ' ').trim();
}
