import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  allTools,
  heldOutRequests,
  scoreSearch,
  searchEvalTable,
  TUNED_REQUESTS,
} from '../bench/searchEval.js';
import { packageFile } from '../src/paths.js';
import { buildSearchIndex, nameIdentifiers, tokenize } from '../src/tools/search.js';

const index = buildSearchIndex(allTools());
const search = (query: string, limit: number) => index.search(query, limit);
const toolNames = new Set(allTools().map((tool) => tool.listing.name));

describe('search_tools ranking', () => {
  it('has a tuned set of >= 120 requests across the toolsets, every tool named existing', () => {
    expect(TUNED_REQUESTS.length).toBeGreaterThanOrEqual(120);
    for (const entry of TUNED_REQUESTS)
      for (const name of entry.expected) expect(toolNames.has(name), `${entry.request}: ${name}`).toBe(true);
  });

  it('puts the right tool in the top 3 for at least 95% of the tuned requests', async () => {
    const score = await scoreSearch(search, TUNED_REQUESTS);
    expect(score.top3, score.misses.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  // Its score is the bench's to report: a threshold here would invite tuning on it.
  it.runIf(heldOutRequests() !== undefined)(
    'has a held-out set, when handed over, of >= 60 requests naming only existing tools',
    () => {
      const heldOut = heldOutRequests() ?? [];
      expect(heldOut.length).toBeGreaterThanOrEqual(60);
      for (const entry of heldOut) {
        expect(entry.expected.length, entry.request).toBeGreaterThan(0);
        for (const name of entry.expected)
          expect(toolNames.has(name), `${entry.request}: ${name}`).toBe(true);
      }
    },
  );

  it('stems with a real stemmer and folds people’s words into Chatwoot’s', () => {
    expect(tokenize('Which inboxes were resolved?')).toEqual(['inbox', 'resolv']);
    expect(tokenize('close the ticket of this customer')).toEqual(['resolv', 'convers', 'customer']);
    expect(tokenize('customers')).not.toEqual(tokenize('custom'));
  });

  it('reads an email address, a phone number or a link as the kind of identifier it is, not as its parts', () => {
    expect(tokenize(nameIdentifiers('chats from jane.doe@example.com'))).toEqual(['convers', 'email']);
    expect(tokenize(nameIdentifiers('who called from +49 170 1234567?'))).toEqual(['who', 'call', 'phone']);
    expect(tokenize(nameIdentifiers('teach it https://ex.com/pricing'))).toEqual(['teach', 'url']);
    expect(tokenize(nameIdentifiers('conversation 42'))).toEqual(['convers']);
    expect(tokenize(nameIdentifiers('tell them "we have shipped a replacement today"'))).toEqual([
      'tell',
      'them',
    ]);
    expect(tokenize(nameIdentifiers("what does the 'spam filter' rule do"))).toEqual([
      'spam',
      'filter',
      'rule',
    ]);
  });

  it('finds the flagship, create_message, in the top 3 for the everyday ways of asking to reply', () => {
    for (const request of [
      'reply to conversation 455',
      'respond to conversation 12',
      'write back to the customer in chat 4',
      'send a message to the customer',
      'add a private note to conversation 3',
      'reply to conversation 455: "Thanks for your patience, we have shipped a replacement today."',
    ])
      expect(
        search(request, 3).map((tool) => tool.listing.name),
        request,
      ).toContain('create_message');
  });

  it('reads the shape of a request: questions, lists, numbered items, statistics, the customer’s side', () => {
    const first = (query: string) => search(query, 1)[0]?.listing.name;
    expect(first('which labels are there')).toBe('list_labels');
    expect(first('show bot 3')).toBe('get_agent_bot');
    expect(first('which inbox is the busiest')).toBe('get_inbox_summary_report');
    expect(search('send a message', 1)[0]?.operation.family).toBe('application');
    expect(search('as the customer, send a message', 1)[0]?.operation.family).toBe('client');
  });

  it("matches the README's table of both parts", async () => {
    const readme = readFileSync(packageFile('README.md'), 'utf8');
    const table = readme.slice(
      readme.indexOf('<!-- search-eval:start -->\n') + '<!-- search-eval:start -->\n'.length,
      readme.indexOf('<!-- search-eval:end -->'),
    );
    expect(table.trim()).toBe((await searchEvalTable(search)).join('\n'));
  });
});
