import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { JsonSchema, Operation } from '../catalog/types.js';
import { annotationsFor } from './annotations.js';
import { buildToolInput, type ToolInput } from './inputSchema.js';
import { listedSchema, notRequiring, withoutArguments } from './listedSchema.js';
import { listedWith, type PrecomputedListing } from './precompiled.js';

export interface ToolOptions {
  /** With a default account id, `account_id` becomes optional, defaults to it and is left out of the listing. */
  defaultAccountId?: number | undefined;
  /**
   * Without one, a user token's account is found from its profile on the first call that leaves account_id out:
   * `account_id` becomes optional in the application API and is left out of the listing, as with a default.
   */
  findsAccount?: boolean | undefined;
  /** Draft-only replies: apply the operation's `x-draft` rule (force `private: true`, drop the first message). */
  draftReplies?: boolean | undefined;
  /** The listed schema of the operation's own input, when the build has derived it (src/tools/precompiled.ts). */
  listed?: PrecomputedListing | undefined;
}

/** An operation dressed as an MCP tool: what tools/list shows, plus what a call needs. */
export interface ChatwootTool {
  operation: Operation;
  input: ToolInput;
  listing: Tool;
  /** Arguments set whatever the caller sends (draft-only replies); not listed. */
  forced: Record<string, unknown>;
  /** Draft-only mode applies to this tool: what goes before its text arguments, and what its result says. */
  draft: { prefix?: Record<string, string>; says?: string } | undefined;
}

const DRAFT_NOTE = ' Draft-only mode: saved as a private note for a human agent to review and send.';
const draftOmitNote = (names: string[]) =>
  ` Draft-only mode: ${names.join(', ')} cannot be set here, as they would make Chatwoot message customers.`;

/** The operations whose account a user token's profile tells (the application API; not the platform's accounts). */
export const findsAccountFor = (operation: Operation): boolean => operation.family === 'application';

/**
 * The tool of an operation under the server's settings. With the listed schema precomputed (the bundle), the
 * input a call needs is built on the first call of the tool: start-up builds only what tools/list shows.
 */
export function buildTool(operation: Operation, options: ToolOptions = {}): ChatwootTool {
  let input = options.listed ? undefined : buildToolInput(operation);
  const accountId = options.defaultAccountId;
  const accountImplied =
    accountId !== undefined || (options.findsAccount === true && findsAccountFor(operation));
  const defaultAccount =
    accountImplied &&
    (options.listed
      ? options.listed.account !== undefined
      : 'account_id' in ((input as ToolInput).schema.properties as object));
  // Settings only ever take arguments away from the listing: what is left is listed as the whole input is.
  let listed = options.listed
    ? listedWith(options.listed, !defaultAccount)
    : listedSchema((input as ToolInput).schema, defaultAccount ? ['account_id'] : []);
  let description = operation.description;
  const rule =
    options.draftReplies && operation.draft && !('hide' in operation.draft) ? operation.draft : undefined;
  const forced = rule?.set ?? {};
  const dropped = rule ? [...Object.keys(forced), ...(rule.omit ?? [])] : [];
  if (rule) {
    listed = withoutArguments(listed, dropped);
    description += rule.set ? DRAFT_NOTE : draftOmitNote(rule.omit ?? []);
  }
  let settled = false;
  return {
    operation,
    get input() {
      if (settled) return input as ToolInput;
      const built = input ?? buildToolInput(operation);
      if (dropped.length > 0) built.schema = withoutArguments(built.schema, dropped);
      if (defaultAccount) built.schema = withDefaultAccount(built.schema, accountId);
      settled = true;
      input = built;
      return built;
    },
    forced,
    draft: rule ? { prefix: rule.prefix, says: rule.says } : undefined,
    listing: {
      name: operation.id,
      ...(saysMoreThanName(operation.title, operation.id) ? { title: operation.title } : {}),
      description,
      inputSchema: listed as Tool['inputSchema'],
      ...withAnnotations(annotationsFor(operation)),
    },
  };
}

/**
 * A title is listed where it says more than the name: "Send a reply or private note in a conversation" for create_message, not "Get a
 * conversation" for get_conversation, which clients can show as well from the name.
 */
function saysMoreThanName(title: string, name: string): boolean {
  const words =
    title
      .toLowerCase()
      .replace(/\b(a|an|the)\b/g, ' ')
      .match(/[a-z0-9]+/g) ?? [];
  return words.join('_') !== name;
}

/** Annotations only when some hint differs from the spec's defaults: `annotations: {}` would cost tokens for nothing. */
const withAnnotations = (annotations: Tool['annotations']) => (annotations ? { annotations } : {});

/** account_id optional: defaulting to the configured account, or (undefined) to the one found at the first call. */
function withDefaultAccount(schema: JsonSchema, accountId: number | undefined): JsonSchema {
  const properties = schema.properties as Record<string, JsonSchema>;
  const account = properties.account_id;
  if (!account) return schema;
  const withDefault = accountId === undefined ? account : { ...account, default: accountId };
  return notRequiring({ ...schema, properties: { ...properties, account_id: withDefault } }, ['account_id']);
}

/** The listing with a required `confirm` argument, for clients that cannot be asked (no elicitation). */
export function withConfirmArgument(listing: Tool): Tool {
  const schema = listing.inputSchema as JsonSchema;
  return {
    ...listing,
    description: `${listing.description} Confirmation required: pass confirm: true only after the user agreed.`,
    inputSchema: {
      ...schema,
      type: 'object',
      properties: {
        ...(schema.properties as Record<string, JsonSchema>),
        confirm: { type: 'boolean', description: 'true once the user confirmed this destructive action.' },
      },
      required: [...((schema.required as string[] | undefined) ?? []), 'confirm'],
    },
  };
}
