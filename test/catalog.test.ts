import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load.js';
import { resolveRefs } from '../src/catalog/resolveRefs.js';
import type { JsonSchema } from '../src/catalog/types.js';
import { packageFile } from '../src/paths.js';
import { buildTool } from '../src/tools/definitions.js';

const document = JSON.parse(readFileSync(packageFile('openapi.json'), 'utf8')) as JsonSchema;
const operations = loadCatalog(packageFile('openapi.json'));
const tools = operations.map((operation) => buildTool(operation));
const reference = JSON.parse(
  readFileSync(new URL('./data/reference-operation-ids.json', import.meta.url), 'utf8'),
) as {
  upstream: string[];
  n8n: string[];
};

describe('openapi.json covers Chatwoot', () => {
  const covered = operations.flatMap((operation) => operation.covers);

  it('serves every operation of the upstream document exactly once', () => {
    expect(reference.upstream).toHaveLength(144);
    for (const id of reference.upstream)
      expect(
        covered.filter((c) => c === id),
        id,
      ).toHaveLength(1);
  });

  it('serves every action of the n8n ChatWoot node', () => {
    expect(reference.n8n).toHaveLength(115);
    const missing = reference.n8n.filter((id) => !covered.includes(id));
    expect(missing).toEqual([]);
  });

  it('has the flagship client message tool on the public path', () => {
    const flagship = operations.find((operation) => operation.id === 'client_create_message');
    expect(flagship?.method).toBe('POST');
    expect(flagship?.path).toBe(
      '/public/api/v1/inboxes/{inbox_identifier}/contacts/{contact_identifier}/conversations/{conversation_id}/messages',
    );
    expect(flagship?.covers).toContain('create-a-message');
  });
});

describe('tool names', () => {
  it('are snake_case, at most 48 characters, unique, and carry their family prefix', () => {
    const names = tools.map((tool) => tool.listing.name);
    expect(new Set(names).size).toBe(names.length);
    for (const { operation } of tools) {
      expect(operation.id).toMatch(/^[a-z][a-z0-9_]{0,47}$/);
      const prefix = { platform: 'platform_', client: 'client_', application: '' }[operation.family];
      expect(operation.id.startsWith(prefix), operation.id).toBe(true);
      if (operation.family === 'application') expect(operation.id).not.toMatch(/^(platform|client)_/);
    }
  });

  it('named in descriptions all exist', () => {
    const names = new Set(tools.map((tool) => tool.listing.name));
    const verbs =
      /\b((?:platform_|client_)?(?:list|get|create|update|delete|add|remove|search|filter|toggle|assign|merge|set)_[a-z0-9_]+)\b/g;
    const listed = JSON.stringify(tools.map((tool) => tool.listing.inputSchema));
    // Words that are argument names or enum values (e.g. the automation action add_label) are not tool names.
    const notToolNames = new Set([...listed.matchAll(/"([a-z_0-9]+)"/g)].map(([, word]) => `"${word}":`));
    // Chatwoot's automation action names, quoted in prose by the automation rule tools.
    for (const action of ['add_label', 'assign_agent', 'assign_team']) notToolNames.add(`"${action}":`);
    for (const tool of tools) {
      const text = JSON.stringify(tool.listing.inputSchema) + tool.listing.description;
      for (const [, mentioned] of text.matchAll(verbs)) {
        if (notToolNames.has(`"${mentioned}":`)) continue;
        expect(names.has(mentioned as string), `${tool.listing.name} mentions ${mentioned}`).toBe(true);
      }
    }
  });
});

describe('security', () => {
  it('needs a token for every application and platform operation, and none for the client API', () => {
    for (const operation of operations) {
      const expected = { application: ['user', 'user_or_bot'], platform: ['platform'], client: ['none'] }[
        operation.family
      ];
      expect(expected, `${operation.id}: ${operation.auth}`).toContain(operation.auth);
    }
  });

  it('opens to agent bots exactly the endpoints Chatwoot opens to them', () => {
    const botTools = operations
      .filter((operation) => operation.auth === 'user_or_bot')
      .map((operation) => operation.id);
    expect(botTools.sort()).toEqual(
      [
        'assign_conversation',
        'create_conversation',
        'create_message',
        'set_conversation_custom_attributes',
        'toggle_conversation_priority',
        'toggle_conversation_status',
        'toggle_conversation_typing',
        'update_conversation',
      ].sort(),
    );
  });
});

describe('listed input schemas', () => {
  const resolvedPaths = resolveRefs(document, document.paths) as Record<string, Record<string, JsonSchema>>;

  it('are flat objects without $ref or a root-level union', () => {
    for (const { listing } of tools) {
      const schema = listing.inputSchema as JsonSchema;
      expect(schema.type).toBe('object');
      for (const keyword of ['anyOf', 'oneOf', 'allOf', '$ref'])
        expect(schema, `${listing.name} ${keyword}`).not.toHaveProperty(keyword);
      expect(JSON.stringify(schema)).not.toContain('"$ref"');
    }
  });

  it('keep every description, enum, default and required flag of openapi.json in the schema calls are checked against', () => {
    let checked = 0;
    for (const { listing, operation, input } of tools) {
      const raw = resolvedPaths[operation.path]?.[operation.method.toLowerCase()] as JsonSchema;
      const listed = input.schema.properties as Record<string, JsonSchema>;
      const required = (input.schema.required as string[] | undefined) ?? [];
      const pathLevel = (resolvedPaths[operation.path]?.parameters as JsonSchema[] | undefined) ?? [];
      for (const parameter of [...pathLevel, ...((raw.parameters as JsonSchema[] | undefined) ?? [])]) {
        const name = parameter.name as string;
        const property = listed[name];
        expect(property, `${listing.name}.${name}`).toBeDefined();
        expect(property?.description).toBe(parameter.description);
        const schema = parameter.schema as JsonSchema;
        expect(property?.enum).toEqual(schema.enum);
        expect(property?.default).toEqual(schema.default);
        expect(required.includes(name), `${listing.name}.${name} required`).toBe(
          parameter.in === 'path' || parameter.required === true,
        );
        checked++;
      }
      const body = (raw.requestBody as JsonSchema | undefined)?.content as
        | Record<string, JsonSchema>
        | undefined;
      const bodySchema = body?.['application/json']?.schema as JsonSchema | undefined;
      const bodyRequired = (raw.requestBody as JsonSchema | undefined)?.required === true;
      const checkBody = (properties: unknown, requiredHere: unknown, inRequired: boolean) => {
        for (const [name, schema] of Object.entries((properties ?? {}) as Record<string, JsonSchema>)) {
          const isRequired = inRequired && ((requiredHere as string[] | undefined) ?? []).includes(name);
          // x-flatten: Rails' root key is no argument; its properties are, required when both levels are.
          if (schema['x-flatten'] === true) {
            expect(listed[name], `${listing.name} root key ${name} listed`).toBeUndefined();
            checkBody(schema.properties, schema.required, isRequired);
            continue;
          }
          expect(listed[name] ?? listed[`body_${name}`], `${listing.name} body ${name}`).toEqual(schema);
          expect(required.includes(name), `${listing.name}.${name} required`).toBe(isRequired);
          checked++;
        }
      };
      checkBody(bodySchema?.properties, bodySchema?.required, bodyRequired);
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('carry annotations from what each operation declares, the HTTP method by default', () => {
    for (const { listing, operation } of tools) {
      const a = listing.annotations ?? {};
      expect(a.openWorldHint, 'the default (true) is left out').toBeUndefined();
      expect(a.readOnlyHint === true).toBe(operation.readOnly);
      if (operation.readOnly) continue;
      // destructiveHint's default is true: listed only as false.
      expect(a.destructiveHint).toBe(operation.destructive ? undefined : false);
      expect(a.idempotentHint === true).toBe(['PUT', 'PATCH', 'DELETE'].includes(operation.method));
    }
  });

  const ONCE_IN_INSTRUCTIONS = ['account_id', 'conversation_id'];

  it('have a title and a description for every tool and every argument that is not self-explanatory', () => {
    for (const { listing, operation } of tools) {
      expect(operation.title.length, listing.name).toBeGreaterThan(3);
      // Listed only where it says more than the name: "Send a reply or private note in a conversation" for create_message, not "Get a conversation".
      const repeatsName =
        operation.title
          .toLowerCase()
          .replace(/\b(a|an|the)\b/g, ' ')
          .trim()
          .split(/\W+/)
          .join('_') === listing.name;
      expect(listing.title, listing.name).toBe(repeatsName ? undefined : operation.title);
      expect(listing.description?.length, listing.name).toBeGreaterThan(30);
      const properties = (listing.inputSchema as JsonSchema).properties as Record<string, JsonSchema>;
      for (const [name, schema] of Object.entries(properties)) {
        // account_id and conversation_id are explained once, in the server's instructions (tested there).
        if (/_id$|^id$|identifier$/.test(name) && !ONCE_IN_INSTRUCTIONS.includes(name))
          expect(schema.description, `${listing.name}.${name}`).toBeTruthy();
      }
    }
  });
});
