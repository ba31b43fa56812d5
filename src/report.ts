import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Runtime } from './runtime.js';
import { tokenCounter } from './tokenCounter.js';
import { type ChatwootTool, withConfirmArgument } from './tools/definitions.js';
import { chooseListing } from './tools/modes.js';

/**
 * `chatwoot-mcp --report`: what tools/list costs under these settings, tool by tool, counted with the o200k
 * tokenizer where it is installed (else estimated, and the report says so), and the shapes some clients reject
 * (names over 48 characters, `$ref`, root-level unions).
 */
export async function tokenReport(runtime: Runtime, clientName?: string): Promise<string> {
  // The tokenizer's tables are large: loaded here only, never by a serving process.
  const tokens = await tokenCounter();
  const { config, defaultTenant } = runtime;
  const listedOf = (tool: ChatwootTool) =>
    config.confirmDestructive && tool.operation.destructive ? withConfirmArgument(tool) : tool;
  const listing = chooseListing([...defaultTenant.tools.values()], listedOf, {
    mode: config.toolMode,
    budget: config.toolBudget,
    clientName,
  });
  const rows = listing.tools.map((tool) => ({
    tool,
    tokens: tokens.count(JSON.stringify(tool)),
    fields: FIELDS.map((field) =>
      tool[field] === undefined ? 0 : tokens.count(JSON.stringify(tool[field])),
    ),
    flags: flagsOf(tool),
  }));
  const total = tokens.count(JSON.stringify({ tools: listing.tools }));
  const width = Math.max(...rows.map((row) => row.tool.name.length), 10);
  const columns = (values: readonly (string | number)[]) =>
    values.map((value) => String(value).padStart(12)).join('');
  const sums = FIELDS.map((_, index) => rows.reduce((sum, row) => sum + (row.fields[index] ?? 0), 0));
  return [
    `tools/list for these settings (mode ${config.toolMode}${listing.dynamic ? ', dynamic trio listed' : ''}${clientName ? `, client ${clientName}` : ''}):`,
    '',
    `${'tool'.padEnd(width)}  tokens${columns(FIELDS)}  flags`,
    ...rows.map(
      (row) =>
        `${row.tool.name.padEnd(width)}  ${String(row.tokens).padStart(6)}${columns(row.fields)}  ${row.flags.join(', ')}`,
    ),
    `${'all fields'.padEnd(width)}  ${''.padStart(6)}${columns(sums)}`,
    '',
    `${rows.length} tools listed, ${total} tokens for the whole tools/list result (${tokens.method}), ${(total / Math.max(1, rows.length)).toFixed(1)} per tool.`,
    `${defaultTenant.tools.size} tools enabled; ${rows.filter((row) => row.flags.length > 0).length} flagged.`,
    '',
  ].join('\n');
}

/** The fields of a listed tool, each counted on its own (its JSON value, without the key). */
const FIELDS = ['name', 'title', 'description', 'inputSchema', 'annotations'] as const;

function flagsOf(tool: Tool): string[] {
  const flags: string[] = [];
  if (tool.name.length > 48) flags.push('name over 48 characters');
  const schema = JSON.stringify(tool.inputSchema);
  if (schema.includes('"$ref"')) flags.push('$ref');
  const root = tool.inputSchema as Record<string, unknown>;
  if (root.anyOf || root.oneOf || root.allOf) flags.push('root-level union');
  return flags;
}
