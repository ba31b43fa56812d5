import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { JsonSchema, Operation } from '../catalog/types.js';
import { buildToolInput, type ToolInput } from './inputSchema.js';
import { listedSchema, notRequiring, withoutArguments } from './listedSchema.js';
import { toolListing } from './listing.js';
import { mayPointAt, withOffPointersNoted } from './pointers.js';
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
  /** Tools that are off on this server: pointers to them in the listing say so (see withOffPointersNoted). */
  isOff?: ((name: string) => boolean) | undefined;
  /** The listing of the operation as the build wrote it (src/tools/precompiled.ts). */
  listed?: PrecomputedListing | undefined;
}

/** A tool as tools/list shows it, and the JSON text of that. */
export interface Listed {
  readonly listing: Tool;
  readonly listingJson: string;
}

/** The listing `make` makes, made when first read, and its JSON text: `json` when it is known already. */
export function listedLazily(make: () => Tool, json?: string): Listed {
  let listing: Tool | undefined;
  return {
    get listing() {
      listing ??= json === undefined ? make() : (JSON.parse(json) as Tool);
      return listing;
    },
    get listingJson() {
      json ??= JSON.stringify(this.listing);
      return json;
    },
  };
}

/** An operation dressed as an MCP tool: what tools/list shows, plus what a call needs. */
export interface ChatwootTool extends Listed {
  operation: Operation;
  input: ToolInput;
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
 * The tool of an operation under the server's settings. With the listing precomputed (the bundle), nothing is
 * built at start-up: where the settings leave the listing as the build wrote it, its JSON text is what tools/list
 * sends, parsed only if something reads the listing; else it is built on first read. The input a call needs is
 * built on the first call of the tool.
 */
export function buildTool(operation: Operation, options: ToolOptions = {}): ChatwootTool {
  const { listed: precomputed, isOff } = options;
  let input = precomputed ? undefined : buildToolInput(operation);
  const accountId = options.defaultAccountId;
  const accountImplied =
    accountId !== undefined || (options.findsAccount === true && findsAccountFor(operation));
  const defaultAccount =
    accountImplied &&
    (precomputed
      ? precomputed.account !== undefined
      : 'account_id' in ((input as ToolInput).schema.properties as object));
  const rule =
    options.draftReplies && operation.draft && !('hide' in operation.draft) ? operation.draft : undefined;
  const forced = rule?.set ?? {};
  const dropped = rule ? [...Object.keys(forced), ...(rule.omit ?? [])] : [];

  // Settings only ever take arguments away from the listing: what is left is listed as the whole input is.
  const build = (): Tool => {
    let listed = precomputed
      ? listedWith(
          (JSON.parse(precomputed.json) as Tool).inputSchema as JsonSchema,
          precomputed.account,
          !defaultAccount,
        )
      : listedSchema((input as ToolInput).schema, defaultAccount ? ['account_id'] : []);
    let description = operation.description;
    if (rule) {
      listed = withoutArguments(listed, dropped);
      description += rule.set ? DRAFT_NOTE : draftOmitNote(rule.omit ?? []);
    }
    return toolListing(operation, listed, description);
  };
  const asBuilt =
    precomputed && !rule && (defaultAccount || !precomputed.account) && !mayPointAt(precomputed.json, isOff);
  const shown = listedLazily(
    () => (isOff ? withOffPointersNoted(build(), isOff) : build()),
    asBuilt ? precomputed.json : undefined,
  );
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
    get listing() {
      return shown.listing;
    },
    get listingJson() {
      return shown.listingJson;
    },
  };
}

/** account_id optional: defaulting to the configured account, or (undefined) to the one found at the first call. */
function withDefaultAccount(schema: JsonSchema, accountId: number | undefined): JsonSchema {
  const properties = schema.properties as Record<string, JsonSchema>;
  const account = properties.account_id;
  if (!account) return schema;
  const withDefault = accountId === undefined ? account : { ...account, default: accountId };
  return notRequiring({ ...schema, properties: { ...properties, account_id: withDefault } }, ['account_id']);
}

/** The tool as listed with a required `confirm` argument, for clients that cannot be asked (no elicitation). */
export function withConfirmArgument(tool: Listed): Listed {
  return listedLazily(() => confirmArgumentAdded(tool.listing));
}

function confirmArgumentAdded(listing: Tool): Tool {
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
