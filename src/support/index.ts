export { type Attempt, attempt, type ToolCall, toolCaller } from './call.js';
export { complete } from './complete.js';
export { renderContact } from './contact.js';
export { loadConversation } from './conversation.js';
export { SupportArgumentError, SupportNotFoundError, toMcpError } from './errors.js';
export {
  type ConversationHistory,
  DEFAULT_HISTORY_BUDGET,
  fetchHistory,
  type HistoryBudget,
} from './history.js';
export { serverInstructions } from './instructions.js';
export type { PromptArguments, SupportOptions } from './promptResult.js';
export {
  buildDraftReply,
  buildSummarizeConversation,
  getSupportPrompt,
  SUPPORT_PROMPTS,
} from './prompts.js';
export { listResources, OPENAPI_RESOURCE, readResource, SUPPORT_RESOURCE_TEMPLATES } from './resources.js';
export { renderTranscript } from './transcript.js';
export { buildTriageConversations } from './triage.js';
