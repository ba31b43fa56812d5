/** A JSON Schema object as it appears in openapi.json (after `$ref` resolution). */
export type JsonSchema = { [keyword: string]: unknown };

export type Family = 'application' | 'platform' | 'client';

/** Which credential an operation needs, from its `security` in openapi.json. */
export type Auth = 'user' | 'user_or_bot' | 'platform' | 'none';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
}

export interface RequestBody {
  required: boolean;
  schema: JsonSchema;
  /** File fields of the multipart/form-data variant (uploads), if the operation has one. */
  files: FileField[];
}

/** A file the operation accepts as multipart/form-data, e.g. `attachments[]` (several) or `avatar` (one). */
export interface FileField {
  /** The form field name Chatwoot reads (x-multipart-name when nested). */
  field: string;
  /** The tool argument: the field name without `[]`. */
  argument: string;
  multiple: boolean;
  description: string | undefined;
}

/** One operation of openapi.json: everything a tool and a request need, and nothing about MCP or HTTP. */
export interface Operation {
  id: string;
  title: string;
  description: string;
  family: Family;
  toolset: string;
  method: HttpMethod;
  path: string;
  parameters: Parameter[];
  body: RequestBody | undefined;
  auth: Auth;
  /** Only reads: `x-read-only`, else what the method says (GET). Read-only mode offers just these. */
  readOnly: boolean;
  /** Destroys data: `x-destructive`, else what the method says (DELETE). E.g. merging two contacts. */
  destructive: boolean;
  covers: string[];
  /** `x-intents`: the jobs it does in people's words, for search_tools only (never listed). */
  intents: string[];
  /** What draft-only mode does to this operation (`x-draft`): refuse it, or force and drop arguments. */
  draft: DraftRule | undefined;
  /** How its reply becomes what a model reads: `x-view` and `x-read-back`, with the document's named views. */
  result: ResultRule;
  /** What a success is: JSON (Chatwoot's API), or a web page (the CSAT survey declares a text/html reply). */
  reply: 'json' | 'page';
  /** The oldest Chatwoot release that serves it (`x-chatwoot-min-version`), e.g. "4.1.0". */
  minVersion: string | undefined;
}

/**
 * A compact view of a reply (`x-view`; named ones under `components.x-views`): a dot path, or an object with
 * `from` (a path), `view` (a named view), `fields` (an object built field by field), `time` (to ISO 8601),
 * `map` (value → replacement) and `else` (read when the rest yields nothing). src/results/view.ts applies it.
 */
export type ViewSpec =
  | string
  | {
      from?: string;
      view?: string;
      fields?: Record<string, ViewSpec>;
      time?: boolean;
      map?: Record<string, unknown>;
      else?: ViewSpec;
    };

export type Views = Readonly<Record<string, ViewSpec>>;

export interface ResultRule {
  view: ViewSpec | undefined;
  readBack: ReadBack | undefined;
  views: Views;
}

/**
 * `x-read-back`: after a successful write whose reply lacks the state it produced, the operation to read it
 * with, the arguments it needs beyond the write's path values of the same name (each `args.<name>` of the
 * write, or `reply.<path>` of its reply), the name the state goes under, and optionally the view to show it in.
 */
export interface ReadBack {
  operation: Operation;
  args: Record<string, string>;
  as: string;
  /** A narrower view of the state than the reading operation's own (e.g. a conversation's status and owners). */
  view: ViewSpec | undefined;
}

/**
 * `x-draft`, for an operation that can make Chatwoot message a customer. `hide` (the document may write just
 * "hide"): refused in draft-only mode, for the reason given. Otherwise it is turned into a draft: arguments to
 * force (`set`), to drop (`omit`), text to put before an argument's value so a human sees a draft for what it is
 * (`prefix`), and the sentence the result opens with (`says`).
 */
export type DraftRule =
  | { hide: string }
  | { set?: Record<string, unknown>; omit?: string[]; prefix?: Record<string, string>; says?: string };
