import * as z from 'zod';
import { TOOLSETS } from '../tools/toolsets.js';
import { boolean, list, positiveInteger, type Setting } from './schemas.js';

/** Which tools are offered and how: toolsets, read-only, tool modes, budgets, copilot switches. */
export const TOOL_SETTINGS = {
  toolsets: {
    flag: 'toolsets',
    env: 'CHATWOOT_TOOLSETS',
    description: `Toolsets to offer, comma-separated: all, default, or any of ${TOOLSETS.join(', ')}. Without it: default (all with --sandbox).`,
    schema: list.refine((names) => names.every((name) => ['all', 'default', ...TOOLSETS].includes(name)), {
      error: `must name toolsets among all, default, ${TOOLSETS.join(', ')}`,
    }),
  },
  tools: {
    flag: 'tools',
    env: 'CHATWOOT_TOOLS',
    description: 'Single tools to offer on top of the toolsets, comma-separated.',
    schema: list,
  },
  excludeTools: {
    flag: 'exclude-tools',
    env: 'CHATWOOT_EXCLUDE_TOOLS',
    description: 'Tools never to offer, comma-separated.',
    schema: list,
  },
  readOnly: {
    flag: 'read-only',
    env: 'CHATWOOT_READ_ONLY',
    description: 'Offer only tools that read; every write is refused, whatever else is set.',
    schema: boolean,
    boolean: true,
    default: 'false',
  },
  toolMode: {
    flag: 'tool-mode',
    env: 'CHATWOOT_TOOL_MODE',
    description:
      'full (one tool per operation), dynamic (search, describe and call tools), or auto (full when it fits).',
    schema: z.enum(['full', 'dynamic', 'auto'], { error: 'must be full, dynamic or auto' }),
    default: 'auto',
  },
  toolBudget: {
    flag: 'tool-budget',
    env: 'CHATWOOT_TOOL_BUDGET',
    description: 'Auto mode: most tokens the tool list may cost before the rest goes behind dynamic search.',
    schema: positiveInteger.max(1_000_000),
    default: '10000',
  },
  maxResultTokens: {
    flag: 'max-result-tokens',
    env: 'CHATWOOT_MAX_RESULT_TOKENS',
    description:
      'Results larger than this (estimated tokens) are cut at a clean JSON boundary, with a marker.',
    schema: positiveInteger.max(1_000_000),
    default: '8000',
  },
  results: {
    flag: 'results',
    env: 'CHATWOOT_RESULTS',
    description:
      "compact (the fields a support agent acts on, each object once) or full (Chatwoot's JSON as it came). A call can ask for full with full: true.",
    schema: z.enum(['compact', 'full'], { error: 'must be compact or full' }),
    default: 'compact',
  },
  structuredContent: {
    flag: 'structured-content',
    env: 'CHATWOOT_STRUCTURED_CONTENT',
    description:
      'Also send each result as structuredContent, for clients that read only that (most forward both, paying twice).',
    schema: boolean,
    boolean: true,
    default: 'false',
  },
  draftReplies: {
    flag: 'draft-replies',
    env: 'CHATWOOT_DRAFT_REPLIES',
    description: 'Copilot mode: messages to customers are saved as private notes for a human to send.',
    schema: boolean,
    boolean: true,
    default: 'false',
  },
  confirmDestructive: {
    flag: 'confirm-destructive',
    env: 'CHATWOOT_CONFIRM_DESTRUCTIVE',
    description:
      'Ask the user before deleting (MCP elicitation), or require confirm: true where the client cannot ask.',
    schema: boolean,
    boolean: true,
    default: 'false',
  },
} satisfies Record<string, Setting>;
