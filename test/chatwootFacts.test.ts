import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SANDBOX_TOKENS, startSandbox } from '../src/sandbox/index.js';
import { connectInMemory } from './helpers/inMemory.js';

/**
 * test/data/chatwoot-facts.json is what Chatwoot's own source (release and commit in the file) says about each
 * operation. Two consumers read it: openapi.json must declare the same, and the sandbox must answer the same.
 */
type Who = 'admin' | 'agent' | 'bot' | 'platform' | 'anonymous';
interface Request {
  as?: Who;
  call: string;
  body?: unknown;
  status: number;
  before?: { call: string; body?: unknown }[];
}
interface ParamFact {
  in: 'query' | 'body';
  required?: boolean;
  enum?: unknown[];
}
interface Fact {
  source: string;
  route: string;
  family: 'application' | 'platform' | 'public';
  bot?: boolean;
  admin?: boolean;
  enterprise?: boolean;
  featureFlag?: string;
  minVersion?: string;
  /** What the source says beyond the columns, or what the sandbox does not model. */
  note?: string;
  params: Record<string, ParamFact>;
  status: number[];
  requests: Request[];
}
type Schema = { [keyword: string]: unknown };

const read = (file: string) => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));
const facts = read('./data/chatwoot-facts.json') as {
  release: string;
  commit: string;
  operations: Record<string, Fact>;
};
const openapi = read('../openapi.json') as {
  info: Schema;
  paths: Record<string, Record<string, Schema>>;
  components: { parameters: Record<string, Schema> };
};

const operations = Object.entries(openapi.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([, operation]) => typeof operation.operationId === 'string')
    .map(([method, operation]) => ({ path, method, item, operation, id: operation.operationId as string })),
);

const resolve = (parameter: Schema): Schema =>
  typeof parameter.$ref === 'string'
    ? (openapi.components.parameters[parameter.$ref.split('/').pop() ?? ''] as Schema)
    : parameter;

/** What openapi.json declares for an operation, in the facts table's terms. */
function declared(item: Schema, operation: Schema): Record<string, ParamFact> {
  const found: Record<string, ParamFact> = {};
  const parameters = [
    ...((item.parameters ?? []) as Schema[]),
    ...((operation.parameters ?? []) as Schema[]),
  ];
  for (const parameter of parameters.map(resolve)) {
    if (parameter.in === 'path') continue;
    const schema = parameter.schema as Schema | undefined;
    found[parameter.name as string] = {
      in: 'query',
      ...(parameter.required ? { required: true } : {}),
      ...(schema?.enum ? { enum: schema.enum as unknown[] } : {}),
    };
  }
  const content = ((operation.requestBody as Schema | undefined)?.content ?? {}) as Record<string, Schema>;
  const body = (content['application/json'] ?? content['multipart/form-data'])?.schema as Schema | undefined;
  const required = (body?.required ?? []) as string[];
  for (const [name, schema] of Object.entries((body?.properties ?? {}) as Record<string, Schema>)) {
    const values = schema.enum ?? (schema.items as Schema | undefined)?.enum;
    found[name] = {
      in: 'body',
      ...(required.includes(name) ? { required: true } : {}),
      ...(values ? { enum: values as unknown[] } : {}),
    };
  }
  return found;
}

describe('openapi.json agrees with Chatwoot’s source', () => {
  it('names the audited release', () => {
    expect(openapi.info['x-chatwoot-release']).toBe(facts.release);
  });

  it('has a fact for every operation, and no fact for an operation it lacks', () => {
    const ids = operations.map((entry) => entry.id).sort();
    expect(Object.keys(facts.operations).sort()).toEqual(ids);
  });

  it.each(operations.map((entry) => [entry.id, entry] as const))('%s', (id, { item, operation }) => {
    const fact = facts.operations[id] as Fact;
    expect(operation['x-chatwoot-source'], 'x-chatwoot-source').toBe(fact.source);
    expect(fact.source).toMatch(/^(enterprise\/)?app\/controllers\/[\w/]+_controller\.rb#\w+$/);
    expect(declared(item, operation)).toEqual(fact.params);
    const schemes = ((operation.security ?? []) as Schema[]).flatMap((entry) => Object.keys(entry));
    if (fact.family === 'application')
      expect(schemes.includes('agentBotApiKey'), 'bot access').toBe(fact.bot);
    if (fact.family === 'platform') expect(schemes).toEqual(['platformAppApiKey']);
    if (fact.family === 'public') expect(schemes).toEqual([]);
    for (const request of fact.requests) expect(fact.status).toContain(request.status);
    expect(operation['x-enterprise'], 'x-enterprise').toBe(fact.enterprise);
    expect(operation['x-feature-flag'], 'x-feature-flag').toBe(fact.featureFlag);
    expect(operation['x-chatwoot-min-version'], 'x-chatwoot-min-version').toBe(fact.minVersion);
  });
});

const TOKENS: Record<Who, string | undefined> = {
  admin: SANDBOX_TOKENS.user,
  agent: SANDBOX_TOKENS.agent,
  bot: SANDBOX_TOKENS.agentBot,
  platform: SANDBOX_TOKENS.platform,
  anonymous: undefined,
};
const callerOf = (fact: Fact): Who =>
  fact.family === 'platform' ? 'platform' : fact.family === 'public' ? 'anonymous' : 'admin';

async function send(url: string, who: Who, call: string, body?: unknown) {
  const [method = '', path = ''] = call.split(' ');
  const headers: Record<string, string> = {};
  const token = TOKENS[who];
  if (token) headers.api_access_token = token;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text };
}

/** The table's requests, and the refusals its bot and admin columns imply, each against a fresh sandbox. */
function casesOf(id: string, fact: Fact): [string, Request][] {
  const own = fact.requests.map((request): [string, Request] => [
    `${id}: ${request.as ?? callerOf(fact)} ${request.call} → ${request.status}`,
    { as: callerOf(fact), ...request },
  ]);
  const [first] = fact.requests;
  if (fact.family !== 'application' || !first) return own;
  const derived: [string, Request][] = [];
  if (!fact.bot) derived.push([`${id}: bot refused`, { ...first, as: 'bot', status: 401 }]);
  if (fact.admin) derived.push([`${id}: agent refused`, { ...first, as: 'agent', status: 401 }]);
  return [...own, ...derived];
}

describe('the sandbox answers as Chatwoot does', () => {
  const cases = Object.entries(facts.operations).flatMap(([id, fact]) => casesOf(id, fact));
  it.each(cases)('%s', async (_name, request) => {
    const sandbox = await startSandbox();
    try {
      for (const step of request.before ?? []) {
        const done = await send(sandbox.url, 'admin', step.call, step.body);
        expect(done.status, `${step.call}: ${done.text}`).toBeLessThan(300);
      }
      const answer = await send(sandbox.url, request.as ?? 'admin', request.call, request.body);
      expect(answer.status, answer.text).toBe(request.status);
      if (request.status === 401 && request.as === 'bot')
        expect(JSON.parse(answer.text)).toEqual({
          error: 'Access to this endpoint is not authorized for bots',
        });
      if (request.status === 401 && request.as === 'agent' && !request.call.includes('/team_members'))
        expect(JSON.parse(answer.text)).toEqual({ error: 'You are not authorized to do this action' });
    } finally {
      await sandbox.close();
    }
  });
});

describe('the tools send only what Chatwoot accepts', () => {
  it('clear a priority with null, refuse none, and refuse a report without its range', async () => {
    const sandbox = await startSandbox();
    try {
      const { call } = await connectInMemory(sandbox.url, { apiToken: SANDBOX_TOKENS.user });
      const conversation = { account_id: 1, conversation_id: 1 };
      const cleared = await call('toggle_conversation_priority', { ...conversation, priority: null });
      expect(cleared.result.isError, cleared.text).toBeFalsy();
      expect((await call('get_conversation', { ...conversation, full: true })).text).toContain(
        '"priority":null',
      );
      const none = await call('toggle_conversation_priority', { ...conversation, priority: 'none' });
      expect(none.result.isError).toBe(true);
      expect(none.text).toContain('priority');
      const report = await call('get_summary_report', { account_id: 1, type: 'account' });
      expect(report.result.isError).toBe(true);
      expect(report.text).toMatch(/since|until/);
    } finally {
      await sandbox.close();
    }
  });
});
