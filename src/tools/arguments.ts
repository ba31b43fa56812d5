import type { ToolInput } from './inputSchema.js';

/** Tool arguments sorted back into the places of the HTTP request, under their original names. */
export interface RequestParts {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  /** File arguments, by the form field Chatwoot reads. */
  files: { field: string; argument: string; value: unknown }[];
}

export function splitArguments(input: ToolInput, args: Record<string, unknown>): RequestParts {
  const parts: RequestParts = { path: {}, query: {}, body: undefined, files: [] };
  const body: Record<string, unknown> = {};
  let hasBody = false;
  for (const [argument, value] of Object.entries(args)) {
    const place = input.places.get(argument);
    if (!place || value === undefined) continue;
    if (argument === input.bodyArgument) {
      parts.body = value;
    } else if (place.in === 'file') {
      parts.files.push({ field: place.name, argument, value });
    } else if (place.in === 'body') {
      if (place.parent) body[place.parent] = { ...(body[place.parent] as object), [place.name]: value };
      else body[place.name] = value;
      hasBody = true;
    } else {
      parts[place.in][place.name] = value;
    }
  }
  if (hasBody) parts.body = body;
  return parts;
}
