import { readFileSync } from 'node:fs';
import { loadCatalog } from '../src/catalog/load.js';
import { packageFile } from '../src/paths.js';
import { buildTool, type ChatwootTool } from '../src/tools/definitions.js';
import { buildSearchIndex } from '../src/tools/search.js';

export interface EvalRequest {
  request: string;
  /** Any one of these in the top places counts as found. */
  expected: string[];
  /** Set aside: never looked at while the search was tuned. */
  heldOut?: boolean;
}

export const EVAL_REQUESTS = (
  JSON.parse(readFileSync(packageFile('test/data/search-eval.json'), 'utf8')) as { requests: EvalRequest[] }
).requests;

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

/** The table of top-1 and top-3 on both parts, as the bench and the README show it. */
export async function searchEvalTable(search: Search): Promise<string[]> {
  const part = async (label: string, heldOut: boolean) => {
    const score = await scoreSearch(
      search,
      EVAL_REQUESTS.filter((entry) => Boolean(entry.heldOut) === heldOut),
    );
    return `| ${label} | ${score.requests} | ${percent(score.top1)} | ${percent(score.top3)} |`;
  };
  return [
    '| part | requests | top-1 | top-3 |',
    '| --- | --- | --- | --- |',
    await part('tuned', false),
    await part('held out', true),
  ];
}

export async function searchEvalReport(search: Search): Promise<string[]> {
  return [
    '## search_tools on plain-language requests',
    '',
    'test/data/search-eval.json: requests across all toolsets with the tools that serve them, written before the search was tuned; the held-out third was never looked at while tuning.',
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
