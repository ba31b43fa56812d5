import MiniSearch from 'minisearch';
import { stemmer } from 'stemmer';
import type { ChatwootTool } from './definitions.js';
import { DEFAULT_TOOLSETS } from './toolsets.js';

/** Words that say nothing about which tool is meant. */
const STOP_WORDS = new Set(
  'a an the to of for on in at this that these those is are was were be been it its and or with all our by from we us i me my you your please can could would should do does did any some there here which what have has'.split(
    ' ',
  ),
);

/**
 * People's words for Chatwoot's own (after stemming): a chat or a ticket is a conversation, a tag is a label, a
 * teammate is an agent, to close is to resolve. Folded on both sides, so tool texts and requests meet in one
 * vocabulary. "Customer" is not folded into "contact": in requests it is mostly the context ("reply to the
 * customer"), and folding it lifted every contact tool over the one meant.
 */
const CHATWOOT_WORD: Record<string, string> = {
  chat: 'convers',
  ticket: 'convers',
  tag: 'label',
  teammat: 'agent',
  colleagu: 'agent',
  staff: 'agent',
  close: 'resolv',
  finish: 'resolv',
};
/** Porter folds "customer" into "custom", the word of custom attributes and filters: kept apart here. */
const stem = (word: string) => {
  const stemmed = /^customers?$/.test(word) ? 'customer' : stemmer(word);
  return CHATWOOT_WORD[stemmed] ?? stemmed;
};

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

/** Asking what there is ("which bots do we have", "all labels", "show the saved replies") wants a list, not one item. */
const COLLECTION =
  /\b(all|every|list)\b|\b(do we have|are there|exist|there are)\b|^(which|what|show( me)?( the| our| my)?) \w+s\b/i;

/** A request naming one object by its number ("bot 3", "label #6") wants that one. */
const NUMBERED = /\b[a-z]+ #?\d+\b/i;

/** Words of measurement: the request wants a report, not the objects themselves. */
const STATISTICS =
  /\b(most|least|busiest|average|avg|per (day|week|month|agent|team|inbox|channel|label)|how (fast|long|quickly)|performance|performing|trends?|totals?|rates?|stats|statistics|metrics|numbers)\b/i;

/** The words people use for each kind of action, keyed by the verb a tool's name starts with. */
const ACTION_WORDS: Record<string, string> = {
  list: 'list show all which what see browse',
  get: 'show get details view look see read',
  create: 'create add new make set up start',
  add: 'add put give include',
  update: 'update change edit modify set turn on off enable disable pause rename',
  set: 'set change put replace',
  delete: 'delete remove erase drop get rid',
  remove: 'remove delete take out drop',
  search: 'search find look up',
  filter: 'filter find where matching',
  toggle: 'change set switch toggle',
  download: 'download export csv spreadsheet',
  export: 'export download csv spreadsheet',
  import: 'import upload csv bulk',
  disconnect: 'disconnect remove turn off stop detach uninstall',
  connect: 'connect add hook up link attach install',
  reset: 'reset rotate regenerate new renew',
  mark: 'mark flag set',
  bulk: 'bulk many several all batch at once',
  reorder: 'reorder move order sort',
  count: 'count how many number',
};

/** The action words of a tool's first verb ("platform_" and "client_" set aside). */
const actionWords = (name: string) =>
  ACTION_WORDS[name.replace(/^(platform|client)_/, '').split('_')[0] ?? ''] ?? '';

/** A time span ("yesterday", "last week", "since May") narrows a list or frames a report. */
const TIME_SPAN =
  /\b(yesterday|today|this (week|month|quarter|year)|last (week|month|quarter|year|\d+ days)|since|between|(january|february|march|april|may|june|july|august|september|october|november|december))\b/i;

interface Document {
  id: string;
  name: string;
  title: string;
  description: string;
  intents: string;
  toolset: string;
  arguments: string;
  action: string;
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
 * words, weighted highest), toolset, argument words and the action words of its verb, with Porter stemming,
 * people's words folded into Chatwoot's, prefix and one-edit fuzzy matching. The shape of a request then tilts
 * the ranking (see `preference`).
 */
export function buildSearchIndex(tools: ChatwootTool[]): SearchIndex {
  const byName = new Map(tools.map((tool) => [tool.listing.name, tool]));
  const index = new MiniSearch<Document>({
    fields: ['name', 'title', 'description', 'intents', 'toolset', 'arguments', 'action'],
    tokenize: (text) => text.split(/[^A-Za-z0-9]+/),
    processTerm: (term) => tokenize(term)[0] ?? null,
    searchOptions: {
      boost: { intents: 3, name: 2, title: 2, toolset: 1, description: 1, arguments: 0.5, action: 0.5 },
      prefix: (term) => term.length >= 4,
      fuzzy: (term) => (term.length >= 6 ? 1 : false),
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
      action: actionWords(tool.listing.name),
    })),
  );

  return {
    search(request, limit) {
      const query = nameIdentifiers(request);
      const shape = requestShape(query);
      const boostDocument = (name: string) => preference(byName.get(name) as ChatwootTool, shape);
      return index
        .search(query, { boostDocument, combineWith: 'OR' })
        .slice(0, limit)
        .map((hit) => byName.get(hit.id) as ChatwootTool);
    },
  };
}

/**
 * An email address, phone number or link says which kind of identifier the request carries, not its parts' words;
 * a quotation of four words or more is what to send or write, whose words would pull tools about its subject.
 */
export const nameIdentifiers = (request: string) =>
  request
    .replace(/(["“])[^"”]*(\s+[^\s"”]+){3,}\s*["”]/g, ' ')
    .replace(/(^|\s)['‘][^'’]*(\s+[^\s'’]+){3,}\s*['’]/g, ' ')
    .replace(/\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b/g, ' email ')
    .replace(/\bhttps?:\/\/\S+/g, ' url ')
    .replace(/(^|\s)\+?\d[\d ()-]{6,}\d\b/g, ' phone ');

/** What the wording of a request says about the tool it wants, beyond its words. */
interface RequestShape {
  question: boolean;
  collection: boolean;
  numbered: boolean;
  statistics: boolean;
  timeSpan: boolean;
  family: ChatwootTool['operation']['family'];
}

function requestShape(query: string): RequestShape {
  return {
    question: QUESTION.test(query.trim()),
    collection: COLLECTION.test(query),
    numbered: NUMBERED.test(query),
    statistics: STATISTICS.test(query),
    timeSpan: TIME_SPAN.test(query),
    family: AS_CUSTOMER.test(query) ? 'client' : PLATFORM.test(query) ? 'platform' : 'application',
  };
}

/** The factor a request's shape gives a tool; ties between near-equal texts go to the support toolsets. */
function preference(tool: ChatwootTool, shape: RequestShape): number {
  const reads = tool.operation.readOnly;
  const readsOne = reads && tool.operation.path.endsWith('}');
  const lists = /(^|_)list_/.test(tool.listing.name);
  const support = (DEFAULT_TOOLSETS as readonly string[]).includes(tool.operation.toolset);
  return (
    (tool.operation.family === shape.family ? 1 : 0.7) *
    (shape.question ? (reads ? 1.3 : 0.8) : 1) *
    (shape.collection && lists ? 1.2 : shape.numbered && readsOne ? 1.2 : 1) *
    (shape.statistics && tool.operation.toolset === 'reports' ? 1.3 : 1) *
    (shape.timeSpan && (reads || tool.listing.name.startsWith('filter_')) ? 1.2 : 1) *
    (support ? 1.15 : 1)
  );
}
