import type { Tool } from '@modelcontextprotocol/sdk/types.js';

/**
 * The shapes every function-calling API and MCP host we stand for accepts (README, "Schemas every client
 * accepts"): Anthropic, OpenAI function calling and structured outputs, Gemini function declarations (the
 * OpenAPI 3.0 subset of `parameters`), VS Code Copilot, Cursor, Claude Desktop and Code, Codex, Gemini CLI,
 * Windsurf. Each rule names who needs it.
 */

/** Keywords in both Gemini's declaration Schema and OpenAI's structured outputs; anything else is refused here. */
const ACCEPTED_KEYWORDS = new Set([
  'type',
  'description',
  'title',
  'enum',
  'default',
  'items',
  'properties',
  'required',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'format',
]);
/** Gemini takes these string formats only (plus enum); OpenAI strict mode takes date-time too. */
const ACCEPTED_FORMATS = new Set(['date-time']);
const TYPES = new Set(['string', 'integer', 'number', 'boolean', 'array', 'object']);
/** OpenAI and Gemini: 64 characters; Claude Code adds `mcp__<server>__`, Cursor counts server + tool in 60. */
const NAME = /^[a-zA-Z0-9_-]{1,48}$/;
/** Gemini parameter names: a letter or underscore first, then letters, digits, underscores; 64 at most. */
const PROPERTY_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/;

export function portabilityProblems(tool: Tool): string[] {
  const problems: string[] = [];
  const at = (path: string, problem: string) => problems.push(`${tool.name} ${path || '(root)'}: ${problem}`);
  if (!NAME.test(tool.name)) at('', 'name outside ^[a-zA-Z0-9_-]{1,48}$ (64 less room for a client prefix)');
  const root = tool.inputSchema as Record<string, unknown>;
  if (root.type !== 'object') at('', 'root is not type object (OpenAI, Gemini)');
  for (const combinator of ['anyOf', 'oneOf', 'allOf', 'not', 'enum'])
    if (combinator in root) at('', `root ${combinator} (OpenAI refuses it)`);

  const visit = (node: Record<string, unknown>, path: string, isRoot: boolean) => {
    for (const key of Object.keys(node))
      if (!ACCEPTED_KEYWORDS.has(key) && !(key === 'anyOf' && !isRoot))
        at(path, `keyword ${key} (not in Gemini's declaration schema or OpenAI's)`);
    if (!isRoot && Array.isArray(node.anyOf)) {
      // Below the root both document anyOf; each branch must then stand on its own.
      for (const [index, branch] of (node.anyOf as Record<string, unknown>[]).entries())
        visit(branch, `${path}|${index}`, false);
      return;
    }
    if (typeof node.type !== 'string' || !TYPES.has(node.type))
      at(path, 'no single JSON type (Gemini CLI skips the tool; Gemini takes one type)');
    if (node.format !== undefined && !ACCEPTED_FORMATS.has(String(node.format)))
      at(path, `format ${String(node.format)} (Gemini refuses it)`);
    if (
      node.enum !== undefined &&
      (node.type !== 'string' || !(node.enum as unknown[]).every((value) => typeof value === 'string'))
    )
      at(path, 'enum of non-strings (Gemini takes string enums only)');
    if (node.type === 'array') {
      if (typeof node.items !== 'object' || node.items === null)
        at(path, 'array without items (OpenAI refuses the whole request; VS Code refuses the tool)');
      else visit(node.items as Record<string, unknown>, `${path}[]`, false);
    }
    const properties = (node.properties ?? {}) as Record<string, Record<string, unknown>>;
    for (const [name, child] of Object.entries(properties)) {
      if (!PROPERTY_NAME.test(name)) at(`${path}.${name}`, 'property name Gemini refuses');
      visit(child, isRoot ? name : `${path}.${name}`, false);
    }
    for (const name of (node.required as string[] | undefined) ?? [])
      if (!(name in properties)) at(path, `required ${name} is not a property`);
  };
  visit(root, '', true);
  return problems;
}
