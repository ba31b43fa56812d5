import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { JsonSchema } from '../catalog/types.js';

/** "From list_inboxes." in a description: the tool a model gets an argument's value from. */
const POINTER = /\b[Ff]rom ([a-z]+(?:_[a-z]+)+)/g;

/**
 * Whether a listing's JSON text may point to a tool that is off: every pointer of its descriptions is in the text
 * (matched without the word boundary, which an escape such as `\n` before "From" would hide), and more.
 */
export function mayPointAt(json: string, isOff: ((name: string) => boolean) | undefined): boolean {
  if (!isOff) return false;
  for (const match of json.matchAll(/[Ff]rom ([a-z]+(?:_[a-z]+)+)/g))
    if (isOff(match[1] as string)) return true;
  return false;
}

export interface Pointer {
  /** Where the description is: "" for the tool's own, else the argument's path (e.g. "actions[].action_params"). */
  at: string;
  target: string;
}

/** Every "from X" pointer of a tool's description and of its arguments' descriptions. */
export function pointersOf(listing: Tool): Pointer[] {
  const found: Pointer[] = [];
  const read = (text: unknown, at: string) => {
    if (typeof text !== 'string') return;
    for (const match of text.matchAll(POINTER)) found.push({ at, target: match[1] as string });
  };
  read(listing.description, '');
  walkDescriptions(listing.inputSchema as JsonSchema, '', (schema, at) => read(schema.description, at));
  return found;
}

/**
 * The listing with a note after each pointer to a tool that is off on this server (a family without its token,
 * a toolset not enabled…), so that a model asks the user for the value instead of calling a tool it cannot.
 */
export function withOffPointersNoted(listing: Tool, isOff: (name: string) => boolean): Tool {
  const note = (text: string) =>
    text.replace(POINTER, (pointer, target: string) =>
      isOff(target) ? `${pointer} (off on this server: ask the user)` : pointer,
    );
  const targets = pointersOf(listing).map((pointer) => pointer.target);
  if (!targets.some(isOff)) return listing;
  const inputSchema = structuredClone(listing.inputSchema) as JsonSchema;
  walkDescriptions(inputSchema, '', (schema) => {
    if (typeof schema.description === 'string') schema.description = note(schema.description);
  });
  return {
    ...listing,
    ...(listing.description ? { description: note(listing.description) } : {}),
    inputSchema: inputSchema as Tool['inputSchema'],
  };
}

function walkDescriptions(schema: JsonSchema, at: string, visit: (schema: JsonSchema, at: string) => void) {
  if (at) visit(schema, at);
  for (const [name, child] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>))
    walkDescriptions(child, at ? `${at}.${name}` : name, visit);
  if (schema.items && typeof schema.items === 'object')
    walkDescriptions(schema.items as JsonSchema, `${at}[]`, visit);
  for (const branch of (schema.anyOf ?? []) as JsonSchema[]) walkDescriptions(branch, at, visit);
}
