import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import type { Config } from '../src/config.js';
import { connectInMemory } from './helpers/inMemory.js';
import { portabilityProblems } from './helpers/portability.js';

const UNUSED_UPSTREAM = 'http://127.0.0.1:9';
const ALL = { platformToken: 'canary-platform-portable-1', toolsets: ['all'] } satisfies Partial<Config>;

/** Every setting that changes what a model reads: modes, default account, draft replies, confirm argument. */
const SETTINGS: [string, Partial<Config>][] = [
  ['full, all toolsets', { ...ALL, toolMode: 'full' }],
  ['full, default toolsets', { toolMode: 'full', toolsets: ['default'] }],
  ['full, default account', { ...ALL, toolMode: 'full', accountId: 3 }],
  ['full, draft replies', { ...ALL, toolMode: 'full', draftReplies: true }],
  ['full, confirm argument (no elicitation)', { ...ALL, toolMode: 'full', confirmDestructive: true }],
  ['full, read-only', { ...ALL, toolMode: 'full', readOnly: true }],
  ['auto, all toolsets', { ...ALL, toolMode: 'auto' }],
  ['dynamic', { ...ALL, toolMode: 'dynamic' }],
  [
    'dynamic, default account, draft, confirm',
    { ...ALL, toolMode: 'dynamic', accountId: 3, draftReplies: true, confirmDestructive: true },
  ],
];

/** What tools/list shows and, in dynamic mode, what describe_tools returns for every tool behind it. */
async function everySchemaAModelReads(settings: Partial<Config>): Promise<Tool[]> {
  const { client, runtime, call } = await connectInMemory(UNUSED_UPSTREAM, settings);
  const { tools } = await client.listTools();
  const shown = new Set(tools.map((tool) => tool.name));
  const behind = [...runtime.defaultTenant.tools.keys()].filter((name) => !shown.has(name));
  const described: Tool[] = [];
  for (let start = 0; start < behind.length; start += 10) {
    const { text } = await call('describe_tools', { names: behind.slice(start, start + 10) });
    described.push(...(JSON.parse(text) as Tool[]));
  }
  await client.close();
  return [...tools, ...described];
}

describe('every schema a model reads is accepted by the function-calling APIs and hosts we stand for', () => {
  it.each(SETTINGS)('%s', async (_label, settings) => {
    const tools = await everySchemaAModelReads(settings);
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.flatMap(portabilityProblems)).toEqual([]);
  });

  it('refuses what the check stands for: an array without items, a missing type, $ref, a root union, a long name', () => {
    const problems = portabilityProblems({
      name: 'a_tool_name_far_too_long_for_a_client_prefix_to_fit',
      inputSchema: {
        type: 'object',
        anyOf: [],
        properties: {
          ids: { type: 'array' },
          free: { description: 'no type' },
          linked: { $ref: '#/$defs/x' } as never,
          map: { type: 'object', additionalProperties: true } as never,
        },
      },
    });
    for (const expected of [
      /name outside/,
      /root anyOf/,
      /ids: array without items/,
      /free: no single JSON type/,
      /linked: keyword \$ref/,
      /map: keyword additionalProperties/,
    ])
      expect(problems.join('\n')).toMatch(expected);
  });

  it('lists a sub-object marked x-brief as its description alone, and still validates it whole', async () => {
    const { client, call } = await connectInMemory(UNUSED_UPSTREAM, { toolMode: 'full' });
    const { tools } = await client.listTools();
    const template = tools.find((tool) => tool.name === 'create_message')?.inputSchema.properties
      ?.template_params as { properties: Record<string, Record<string, unknown>> };
    expect(template.properties.processed_params).toEqual({
      type: 'object',
      description: expect.stringContaining('media_url'),
    });
    const wrong = await call('create_message', {
      account_id: 1,
      conversation_id: 1,
      content: 'x',
      template_params: {
        name: 't',
        category: 'UTILITY',
        language: 'en',
        processed_params: { header: { media_type: 'audio' } },
      },
    });
    expect(wrong.text).toMatch(/template_params\.processed_params\.header\.media_type/);
  });
});
