import { existsSync, readFileSync } from 'node:fs';
import { loadCatalog } from '../src/catalog/load.js';
import { packageFile } from '../src/paths.js';
import { buildTool, type ChatwootTool } from '../src/tools/definitions.js';
import { buildSearchIndex } from '../src/tools/search.js';

export interface EvalRequest {
  request: string;
  /** Any one of these in the top places counts as found. */
  expected: string[];
  /** Held out in round two and reported then; tuning data since. */
  round2HeldOut?: boolean;
  /** Round three's blind held-out part, measured once then (82.4% top-3); tuning data in round four. */
  round3HeldOut?: boolean;
  /** Round four's probes, each batch scored before the intents were tuned on it. */
  round4Probe?: boolean;
}

interface EvalSet {
  description: string;
  requests: EvalRequest[];
}

const readSet = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as EvalSet;

/** The tuned part: every request the search was tuned on. */
export const TUNED_SET_PATH = packageFile('test/data/search-eval.json');
/** The held-out part, written blind by someone who never saw the search; absent until it is handed over. */
export const HELD_OUT_SET_PATH = packageFile('test/data/search-eval-heldout.json');

export const TUNED_REQUESTS = readSet(TUNED_SET_PATH).requests;
export const heldOutRequests = (): EvalRequest[] | undefined =>
  existsSync(HELD_OUT_SET_PATH) ? readSet(HELD_OUT_SET_PATH).requests : undefined;

export interface EvalScore {
  requests: number;
  top1: number;
  top3: number;
  /** The requests whose expected tool is not in the top 3, with what came instead. */
  misses: string[];
}

type Search = (query: string, limit: number) => Promise<ChatwootTool[]> | ChatwootTool[];

export async function scoreSearch(search: Search, requests: EvalRequest[]): Promise<EvalScore> {
  let top1 = 0;
  let top3 = 0;
  const misses: string[] = [];
  for (const { request, expected } of requests) {
    const names = (await search(request, 3)).map((tool) => tool.listing.name);
    if (expected.includes(names[0] ?? '')) top1++;
    if (names.some((name) => expected.includes(name))) top3++;
    else misses.push(`${request} → ${names.join(', ')} (expected ${expected.join(' or ')})`);
  }
  return { requests: requests.length, top1: top1 / requests.length, top3: top3 / requests.length, misses };
}

/** Every operation as a tool, all families on: the index a server with every toolset searches. */
export const allTools = (): ChatwootTool[] =>
  loadCatalog(packageFile('openapi.json')).map((operation) => buildTool(operation));

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

const row = async (search: Search, label: string, requests: EvalRequest[]) => {
  const score = await scoreSearch(search, requests);
  return `| ${label} | ${score.requests} | ${percent(score.top1)} | ${percent(score.top3)} |`;
};

/** The tuned part's row, as the bench and the README show it. */
export const tunedRow = (search: Search) => row(search, 'tuned', TUNED_REQUESTS);

/** The table of top-1 and top-3 on both parts; the held-out row says so when its file is not there yet. */
export async function searchEvalTable(search: Search): Promise<string[]> {
  const heldOut = heldOutRequests();
  return [
    '| part | requests | top-1 | top-3 |',
    '| --- | --- | --- | --- |',
    await tunedRow(search),
    heldOut
      ? await row(search, 'held out (written blind)', heldOut)
      : '| held out (written blind) | – | test/data/search-eval-heldout.json is absent | – |',
  ];
}

export async function searchEvalReport(search: Search): Promise<string[]> {
  return [
    '## search_tools on plain-language requests',
    '',
    'Tuned: test/data/search-eval.json, every request the search was tuned on. Held out: test/data/search-eval-heldout.json, written blind by someone who never saw the search, sealed until the tuning stopped, scored here and nowhere tuned.',
    '',
    ...(await searchEvalTable(search)),
    '',
  ];
}

/** The bench's section: the search a server with every toolset on runs. */
export function searchEvalSection(): Promise<string[]> {
  const index = buildSearchIndex(allTools());
  return searchEvalReport((query, limit) => index.search(query, limit));
}
