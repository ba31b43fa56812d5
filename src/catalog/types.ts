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
  /** The form field name Chatwoot reads. */
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
  /** DELETE, or marked `x-destructive` (e.g. merging two contacts). */
  destructive: boolean;
  covers: string[];
  /** What draft-only mode does to this operation (`x-draft`): hide it, or force and drop arguments. */
  draft: DraftRule | undefined;
}

/** `x-draft`: "hide" for tools that would message a customer with no way to make it a note. */
export type DraftRule = 'hide' | { set?: Record<string, unknown>; omit?: string[] };
