import type { GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import type { HistoryBudget } from './history.js';

/** How the server runs, as far as the prompts' tasks and reads depend on it. */
export interface SupportOptions {
  /** Draft-only replies (CHATWOOT_DRAFT_REPLIES): a reply is saved as a private note for a human to send. */
  draftOnly?: boolean | undefined;
  /** Read-only mode (CHATWOOT_READ_ONLY): tasks propose and draft, and leave every change to a person. */
  readOnly?: boolean | undefined;
  /** Limits of one conversation's history; DEFAULT_HISTORY_BUDGET where not given. */
  budget?: Partial<HistoryBudget> | undefined;
}

/** Prompt arguments as MCP sends them: strings, each one optional on the wire. */
export type PromptArguments = Record<string, string | undefined>;

/** A GetPromptResult of one user message made of Markdown sections. */
export function userPrompt(description: string, sections: string[]): GetPromptResult {
  return {
    description,
    messages: [{ role: 'user', content: { type: 'text', text: sections.join('\n\n') } }],
  };
}
