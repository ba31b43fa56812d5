import type { ChatwootTool } from './definitions.js';

/** Words people use for Chatwoot's objects and actions, mapped to the words our tool descriptions use. */
const SYNONYMS: Record<string, string[]> = {
  reply: ['message', 'send', 'create'],
  answer: ['message', 'send', 'create'],
  respond: ['message', 'send', 'create'],
  write: ['message', 'send', 'create'],
  send: ['message', 'create'],
  say: ['message', 'create'],
  note: ['private', 'message', 'create'],
  chat: ['conversation'],
  ticket: ['conversation'],
  thread: ['conversation'],
  case: ['conversation'],
  customer: ['contact'],
  client: ['contact'],
  user: ['contact', 'agent'],
  person: ['contact'],
  people: ['contact', 'agent'],
  lead: ['contact'],
  tag: ['label'],
  tags: ['label'],
  who: ['member', 'agent', 'list'],
  staff: ['agent'],
  teammate: ['agent', 'member'],
  colleague: ['agent'],
  operator: ['agent'],
  close: ['resolve', 'status', 'toggle'],
  resolve: ['status', 'toggle'],
  reopen: ['open', 'status', 'toggle'],
  snooze: ['status', 'toggle'],
  urgent: ['priority'],
  prioritize: ['priority'],
  handover: ['assign'],
  transfer: ['assign'],
  hand: ['assign'],
  over: ['assign'],
  give: ['assign'],
  unread: ['conversation', 'count'],
  count: ['count', 'meta'],
  how: ['count', 'report'],
  many: ['count', 'report'],
  stats: ['report', 'metric'],
  statistics: ['report', 'metric', 'summary'],
  week: ['report', 'since'],
  performance: ['report', 'metric'],
  find: ['search', 'list'],
  look: ['search', 'get'],
  lookup: ['search', 'get'],
  show: ['get', 'list'],
  history: ['message', 'list'],
  transcript: ['message', 'list'],
  template: ['canned', 'response'],
  macro: ['canned', 'response'],
  snippet: ['canned', 'response'],
  shortcut: ['canned', 'response'],
  saved: ['canned', 'custom', 'filter'],
  article: ['article', 'portal'],
  kb: ['portal', 'article'],
  faq: ['portal', 'article'],
  channel: ['inbox'],
  mailbox: ['inbox'],
  bot: ['agent_bot', 'bot'],
  remove: ['delete', 'remove'],
  erase: ['delete'],
  me: ['profile'],
  i: ['profile'],
  am: ['profile'],
  my: ['me', 'assign'],
  mine: ['me', 'assign'],
  duplicate: ['merge'],
  combine: ['merge'],
};

const SYNONYM_WEIGHT = 0.6;

/** Phrases that mean one thing: replaced before the words are looked at. */
const PHRASES: [RegExp, string][] = [
  [/\bhand(ed|ing)? (it )?over\b/g, 'assign'],
  [/\bwho am i\b/g, 'profile'],
  [/\blast (week|month|day|quarter)\b/g, 'report summary'],
  [/\b(start|open) a new\b/g, 'create'],
];

/** Agents work in the application API; the customer-side and provisioning APIs win only on their own words. */
const FAMILY_PRIOR: Record<string, number> = { application: 1, client: 0.7, platform: 0.7 };

const STOP = new Set([
  'a',
  'an',
  'the',
  'to',
  'of',
  'for',
  'on',
  'in',
  'this',
  'that',
  'is',
  'are',
  'and',
  'with',
  'all',
  'our',
  'by',
  'it',
  'from',
  'be',
  'do',
  'we',
  'please',
  'can',
  'you',
]);

export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0 && !STOP.has(word) && !/^\d+$/.test(word))
    .map(stem);
}

function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('es') && /(ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Argument names and their enum values ("open", "resolved", "me"…): words a request often carries. */
function argumentWords(tool: ChatwootTool): string {
  const properties = (tool.input.schema.properties ?? {}) as Record<string, { enum?: unknown[] }>;
  return Object.entries(properties)
    .map(
      ([name, schema]) =>
        `${name} ${(schema.enum ?? []).filter((value) => typeof value === 'string').join(' ')}`,
    )
    .join(' ');
}

interface Indexed {
  tool: ChatwootTool;
  fields: { words: Set<string>; weight: number }[];
}

export interface SearchIndex {
  search(query: string, limit: number): ChatwootTool[];
}

/**
 * A small ranked search over names, titles, descriptions, toolsets and argument names: each query word (and its
 * synonyms, at half weight) scores by how rare it is among the tools (idf) times where it is found.
 */
export function buildSearchIndex(tools: ChatwootTool[]): SearchIndex {
  const indexed: Indexed[] = tools.map((tool) => ({
    tool,
    fields: [
      { words: new Set(tokenize(tool.listing.name.replaceAll('_', ' '))), weight: 3 },
      { words: new Set(tokenize(tool.listing.title ?? '')), weight: 2 },
      { words: new Set(tokenize(tool.operation.toolset)), weight: 2 },
      { words: new Set(tokenize(tool.listing.description ?? '')), weight: 1 },
      { words: new Set(tokenize(argumentWords(tool))), weight: 0.5 },
    ],
  }));
  const frequency = new Map<string, number>();
  for (const entry of indexed) {
    const seen = new Set(entry.fields.flatMap((field) => [...field.words]));
    for (const word of seen) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  }
  const idf = (word: string) => Math.log(1 + tools.length / (1 + (frequency.get(word) ?? 0)));

  return {
    search(query, limit) {
      const words = tokenize(
        PHRASES.reduce((text, [phrase, meaning]) => text.replace(phrase, meaning), query.toLowerCase()),
      );
      const weighted = new Map<string, number>();
      for (const word of words) {
        weighted.set(word, Math.max(weighted.get(word) ?? 0, 1));
        for (const synonym of SYNONYMS[word] ?? []) {
          for (const part of tokenize(synonym))
            weighted.set(part, Math.max(weighted.get(part) ?? 0, SYNONYM_WEIGHT));
        }
      }
      const scored = indexed.map((entry) => {
        let score = 0;
        for (const [word, weight] of weighted) {
          const best = Math.max(
            0,
            ...entry.fields.filter((field) => field.words.has(word)).map((field) => field.weight),
          );
          score += best * weight * idf(word);
        }
        return { tool: entry.tool, score: score * (FAMILY_PRIOR[entry.tool.operation.family] ?? 1) };
      });
      return (
        scored
          .filter((entry) => entry.score > 0)
          // On a tie the shorter name wins: list_inboxes over list_captain_assistant_inboxes for "list inboxes".
          .sort(
            (a, b) =>
              b.score - a.score ||
              a.tool.listing.name.length - b.tool.listing.name.length ||
              a.tool.listing.name.localeCompare(b.tool.listing.name),
          )
          .slice(0, limit)
          .map((entry) => entry.tool)
      );
    },
  };
}
