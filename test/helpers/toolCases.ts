import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import fc from 'fast-check';
import { expect } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { packageFile } from '../../src/paths.js';
import { CANARY } from './canary.js';
import { type Placement, placements, requestMismatches } from './openapiRequest.js';
import type { RecordedRequest } from './recordingServer.js';
import { hostileString, validArguments, wrongValue } from './schemaArbitrary.js';

type Schema = { [keyword: string]: unknown };
/** A tool's input schema as tools/list shows it. */
type InputSchema = { properties?: { [name: string]: object }; required?: string[] };

/** Invalid arguments, and the words the refusal must contain (the argument's name). */
export interface Mistake {
  args: Record<string, unknown>;
  named: string;
}

/** One call as a test saw it: the tool result, its text, and what reached the upstream. */
export interface Outcome {
  result: CallToolResult;
  text: string;
  sent: RecordedRequest[];
}

export interface ToolCase {
  name: string;
  placement: Placement;
  valid: fc.Arbitrary<Record<string, unknown>>;
  mistake: fc.Arbitrary<Mistake>;
}

const where = placements();
/** Accepted by every tool though not listed: `full` (Chatwoot's JSON) and, with confirmation on, `confirm`. */
const RESERVED = new Set(['full', 'confirm']);
const readBacks = new Map(
  loadCatalog(packageFile('openapi.json')).flatMap((operation) =>
    operation.result.readBack ? [[operation.id, operation.result.readBack.operation.id] as const] : [],
  ),
);

/**
 * Arbitrary valid and invalid arguments for a tool, over the arguments openapi.json places. Valid ones carry every
 * argument the schema requires; leaving one out is a mistake only where the server requires it (`listedRequired`:
 * account_id is not required where the server finds the token's account).
 */
export function toolCase(
  name: string,
  inputSchema: InputSchema,
  listedRequired: string[] = inputSchema.required ?? [],
): ToolCase {
  const placement = where.get(name);
  if (!placement) throw new Error(`${name} is not in openapi.json`);
  const properties = (inputSchema.properties ?? {}) as Record<string, Schema>;
  const names = Object.keys(properties).filter((argument) => placement.arguments.has(argument));
  // Valid cases always name the account: finding it from the token's profile is surface.test.ts's subject.
  const given = [...new Set([...(inputSchema.required ?? []), ...names.filter((n) => n === 'account_id')])];
  const valid = validArguments({ ...inputSchema, required: given } as Schema, names);

  const unknown = fc
    .tuple(
      valid,
      hostileString.filter((key) => !(key in properties) && !RESERVED.has(key)),
    )
    .map(([args, key]) => ({ args: { ...args, [key]: 1 }, named: 'unknown argument' }));
  const mistakes: fc.Arbitrary<Mistake>[] = [unknown];
  const required = listedRequired.filter((argument) => names.includes(argument));
  if (required.length > 0)
    mistakes.push(
      fc.tuple(valid, fc.constantFrom(...required)).map(([args, argument]) => {
        const { [argument]: _left, ...rest } = args;
        return { args: rest, named: `"${argument}"` };
      }),
    );
  const corruptible = names.flatMap((argument) => {
    const wrong = wrongValue(properties[argument] ?? {});
    return wrong ? [{ argument, wrong }] : [];
  });
  if (corruptible.length > 0)
    mistakes.push(
      fc
        .tuple(valid, fc.constantFrom(...corruptible))
        .chain(([args, { argument, wrong }]) =>
          wrong.map((value) => ({ args: { ...args, [argument]: value }, named: `"${argument}"` })),
        ),
    );
  return { name, placement, valid, mistake: fc.oneof(...mistakes) };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A path argument whose value cannot be one URL segment ("", ".", "..", a lone surrogate). */
function unplaceablePathArgument(placement: Placement, args: Record<string, unknown>): string | undefined {
  return [...placement.arguments]
    .filter(([, [place]]) => place === 'path')
    .map(([name]) => name)
    .find((name) => {
      const value = args[name];
      return typeof value === 'string' && (['', '.', '..'].includes(value) || LONE_SURROGATE.test(value));
    });
}

/**
 * Valid arguments: exactly the request openapi.json describes, with the right token; or, for a path value
 * that cannot be a segment, an error naming it and nothing sent.
 */
export function expectRequestAsDescribed(
  { name, placement }: ToolCase,
  args: Record<string, unknown>,
  { result, text, sent }: Outcome,
): void {
  const refused = unplaceablePathArgument(placement, args);
  if (refused) {
    expect(result.isError, text).toBe(true);
    expect(text).toContain(`"${refused}"`);
    expect(sent).toEqual([]);
    return;
  }
  expect(result.isError, text).toBeFalsy();
  // A write with a declared read-back reads the state it produced right after: one GET, after the write.
  const readBack = readBacks.get(name);
  expect(sent).toHaveLength(readBack ? 2 : 1);
  if (readBack) expect(sent[1]?.method).toBe('GET');
  const tokens = { user: CANARY.userToken, platform: CANARY.platformToken };
  expect(requestMismatches(placement, args, sent[0] as RecordedRequest, tokens)).toEqual([]);
}

/** Invalid arguments: an error result naming the argument, and nothing sent. */
export function expectRefused(mistake: Mistake, { result, text, sent }: Outcome): void {
  expect(result.isError, text).toBe(true);
  expect(text).toContain(mistake.named);
  expect(sent).toEqual([]);
}
