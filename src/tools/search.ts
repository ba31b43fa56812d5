import MiniSearch from 'minisearch';
import { stemmer } from 'stemmer';
import type { ChatwootTool } from './definitions.js';

/** Words that say nothing about which tool is meant. */
const STOP_WORDS = new Set(
  'a an the to of for on in at this that these those is are was were be been it its and or with all our by from we us i me my you your please can could would should do does did any some there here which what have has'.split(
    ' ',
  ),
);

/** Porter folds "customer" into "custom", the word of custom attributes and filters: kept apart here. */
const stem = (word: string) => (/^customers?$/.test(word) ? 'customer' : stemmer(word));

/** Lower case, split into words (ids split too: create_message → create, message), stop words out, stemmed. */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0 && !STOP_WORDS.has(word) && !/^\d+$/.test(word))
    .map(stem);
}

/** A request phrased as a question wants to read, not to change anything. */
const QUESTION =
  /^(which|what|who|whom|whose|how|when|where|why|is|are|do|does|did|show|list|get|find|look|see|view|give me|tell)\b|\?\s*$/i;

/** Speaking as the customer (or visitor, or contact) means the client API, which acts on the customer's behalf. */
const AS_CUSTOMER =
  /\b(as|on behalf of|for) (the|a) (customer|contact|visitor|end user)\b|\bcustomer side\b/i;

/** Words that name the platform API: provisioning tenants, users and bots across accounts. */
const PLATFORM = /\b(platform|tenants?|provision\w*|sso|single sign.on)\b/i;

interface Document {
  id: string;
  name: string;
  title: string;
  description: string;
  intents: string;
  toolset: string;
  arguments: string;
}

/** Argument names and their string enum values ("open", "resolved", "me"…): words a request often carries. */
function argumentWords(tool: ChatwootTool): string {
  const properties = (tool.input.schema.properties ?? {}) as Record<string, { enum?: unknown[] }>;
  return Object.entries(properties)
    .map(([name, schema]) =>
      [name, ...(schema.enum ?? []).filter((value) => typeof value === 'string')].join(' '),
    )
    .join(' ');
}

export interface SearchIndex {
  search(query: string, limit: number): ChatwootTool[];
}

/**
 * BM25 over each tool's name, title, description, declared intents (`x-intents`, the jobs it does in people's
 * words, weighted highest), toolset and argument words, with Porter stemming, prefix and fuzzy matching. The
 * shape of a request then tilts the ranking: questions prefer tools that only read; speaking as the customer
 * prefers the client API and naming the platform the platform API; otherwise the application API, where agents
 * work, comes first.
 */
export function buildSearchIndex(tools: ChatwootTool[]): SearchIndex {
  const byName = new Map(tools.map((tool) => [tool.listing.name, tool]));
  const index = new MiniSearch<Document>({
    fields: ['name', 'title', 'description', 'intents', 'toolset', 'arguments'],
    tokenize: (text) => text.split(/[^A-Za-z0-9]+/),
    processTerm: (term) => tokenize(term)[0] ?? null,
    searchOptions: {
      boost: { intents: 3, name: 2, title: 2, toolset: 1, description: 1, arguments: 0.5 },
      prefix: (term) => term.length >= 4,
      fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
      weights: { prefix: 0.3, fuzzy: 0.2 },
    },
  });
  index.addAll(
    tools.map((tool) => ({
      id: tool.listing.name,
      name: tool.listing.name,
      title: tool.operation.title,
      description: tool.listing.description ?? '',
      intents: tool.operation.intents.join('. '),
      toolset: tool.operation.toolset.replaceAll('_', ' '),
      arguments: argumentWords(tool),
    })),
  );

  return {
    search(query, limit) {
      const question = QUESTION.test(query.trim());
      const family = AS_CUSTOMER.test(query) ? 'client' : PLATFORM.test(query) ? 'platform' : 'application';
      const boostDocument = (name: string) => {
        const tool = byName.get(name) as ChatwootTool;
        const reads = tool.listing.annotations?.readOnlyHint === true;
        return (tool.operation.family === family ? 1 : 0.7) * (question ? (reads ? 1.3 : 0.8) : 1);
      };
      return index
        .search(query, { boostDocument, combineWith: 'OR' })
        .slice(0, limit)
        .map((hit) => byName.get(hit.id) as ChatwootTool);
    },
  };
}
