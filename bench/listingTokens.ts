import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import type { Config } from '../src/config.js';
import { createRuntime } from '../src/runtime.js';
import { chooseListing, type ToolMode } from '../src/tools/modes.js';
import { TOOLSETS } from '../src/tools/toolsets.js';
import type { Section } from './section.js';

/** o200k tokens of the tools/list result for given settings, every family's token present. */
function listingTokens(settings: Partial<Config>, clientName?: string) {
  const runtime = createRuntime({
    baseUrl: 'http://chatwoot.invalid',
    apiToken: 'bench',
    platformToken: 'bench',
    timeoutMs: 1000,
    maxRetries: 0,
    maxRetryAfter: 1,
    sandbox: false,
    logLevel: 'error',
    toolMode: 'full',
    toolBudget: 10_000,
    maxResultTokens: 8000,
    ...settings,
  } as Config & { baseUrl: string });
  const listing = chooseListing([...runtime.defaultTenant.tools.values()], (tool) => tool, {
    mode: (settings.toolMode ?? 'full') as ToolMode,
    budget: settings.toolBudget ?? 10_000,
    clientName,
  });
  return { tools: listing.tools.length, tokens: encode(JSON.stringify({ tools: listing.tools })).length };
}

function listingTokenReport(): string[] {
  const row = (label: string, settings: Partial<Config>, clientName?: string) => {
    const { tools, tokens } = listingTokens(settings, clientName);
    return `| ${label} | ${tools} | ${tokens} |`;
  };
  return [
    '## Tokens of tools/list by settings',
    '',
    'o200k tokens of the whole tools/list result, with user and platform tokens configured (so every family is on).',
    '',
    '| settings | tools listed | tokens |',
    '| --- | --- | --- |',
    row('full, all toolsets', { toolMode: 'full', toolsets: ['all'] }),
    row('full, default toolsets', { toolMode: 'full', toolsets: ['default'] }),
    row('full, default toolsets, read-only', { toolMode: 'full', toolsets: ['default'], readOnly: true }),
    row('dynamic (any toolsets)', { toolMode: 'dynamic', toolsets: ['all'] }),
    row('auto, default toolsets (fits: full)', { toolMode: 'auto', toolsets: ['default'] }),
    row('auto, all toolsets (budget 10000: toolsets + dynamic)', { toolMode: 'auto', toolsets: ['all'] }),
    row(
      'auto, default toolsets, Cursor (40-tool cap)',
      { toolMode: 'auto', toolsets: ['default'] },
      'cursor',
    ),
    '',
    '| toolset | tools | tokens (full mode, that toolset alone) |',
    '| --- | --- | --- |',
    ...TOOLSETS.map((toolset) => {
      const { tools, tokens } = listingTokens({ toolMode: 'full', toolsets: [toolset] });
      return `| ${toolset} | ${tools} | ${tokens} |`;
    }),
    '',
  ];
}

export const listingTokensSection: Section = {
  name: 'listing tokens',
  run: async () => ({ lines: listingTokenReport() }),
};
