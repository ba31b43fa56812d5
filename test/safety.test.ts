import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load.js';
import { packageFile } from '../src/paths.js';
import { buildToolInput } from '../src/tools/inputSchema.js';
import { connectInMemory } from './helpers/inMemory.js';
import { useRecordingServer } from './helpers/recordingServer.js';

// Safety is what an operation does, declared in openapi.json (x-read-only, x-destructive, x-draft), not its method.
const operations = loadCatalog(packageFile('openapi.json'));
const upstream = useRecordingServer();
const sent = () => upstream.requests.map((request) => `${request.method} ${request.url}`);

describe('read-only mode goes by what an operation does', () => {
  it('offers the POSTs that only read and refuses the GET that mints a login link', async () => {
    const { names, call } = await connectInMemory(upstream.url, {
      readOnly: true,
      platformToken: 'p-tok-1234',
    });
    const listed = await names();
    expect(listed).toContain('filter_conversations');
    expect(listed).toContain('filter_contacts');
    expect(listed).not.toContain('platform_get_user_sso_link');
    const filtered = await call('filter_contacts', { account_id: 1, payload: [] });
    expect(filtered.result.isError).toBeFalsy();
    const sso = await call('platform_get_user_sso_link', { user_id: 1 });
    expect(sso.text).toContain('read-only mode is on');
    expect(sent()).toEqual(['POST /api/v1/accounts/1/contacts/filter']);
  });
});

describe('confirm-destructive goes by what an operation destroys', () => {
  it('asks before merging two contacts (the mergee is deleted), and says so in the hints', async () => {
    const { client, call, elicitations } = await connectInMemory(
      upstream.url,
      { confirmDestructive: true },
      { elicitation: 'decline' },
    );
    const merge = (await client.listTools()).tools.find((tool) => tool.name === 'merge_contacts');
    // A destructive POST: no hint differs from the spec's defaults (destructiveHint true), so none is listed.
    expect(merge?.annotations?.readOnlyHint).toBeUndefined();
    expect(merge?.annotations?.destructiveHint ?? true).toBe(true);
    const { text } = await call('merge_contacts', {
      account_id: 1,
      base_contact_id: 1,
      mergee_contact_id: 2,
    });
    expect(elicitations).toHaveLength(1);
    expect(text).toContain('the user did not confirm');
    expect(sent()).toEqual([]);
  });

  it('marks the tools that replace a whole list (labels, members) as destructive, and plain updates not', () => {
    const destructive = new Set(operations.filter((operation) => operation.destructive).map((op) => op.id));
    for (const id of ['merge_contacts', 'add_conversation_labels', 'update_inbox_members', 'delete_contact'])
      expect(destructive, id).toContain(id);
    for (const id of ['update_contact', 'create_message', 'add_inbox_members'])
      expect(destructive, id).not.toContain(id);
  });
});

describe('draft-only replies cover every way Chatwoot could message a customer', () => {
  it('refuses automation rules with the reason, and drops inbox and account texts that Chatwoot would send', async () => {
    const { client, call } = await connectInMemory(upstream.url, { draftReplies: true });
    const { tools } = await client.listTools();
    const listed = new Map(tools.map((tool) => [tool.name, tool]));
    expect(listed.has('create_automation_rule')).toBe(false);
    const rule = await call('create_automation_rule', {
      account_id: 1,
      name: 'greet',
      event_name: 'conversation_created',
      conditions: [],
      actions: [{ action_name: 'send_message', action_params: ['Hello!'] }],
    });
    expect(rule.result.isError).toBe(true);
    expect(rule.text).toMatch(/draft-only replies are on .*send_message/);

    const inbox = listed.get('update_inbox');
    for (const name of ['greeting_message', 'out_of_office_message', 'csat_survey_enabled'])
      expect(inbox?.inputSchema.properties, name).not.toHaveProperty(name);
    expect(inbox?.description).toContain('greeting_message');
    expect(listed.get('update_account')?.inputSchema.properties).not.toHaveProperty('auto_resolve_message');
    const greeting = await call('update_inbox', { account_id: 1, inbox_id: 1, greeting_message: 'Hi!' });
    expect(greeting.result.isError).toBe(true);
    expect(greeting.text).toContain('unknown argument "greeting_message"');
    expect(
      (await call('update_inbox', { account_id: 1, inbox_id: 1, name: 'Support' })).result.isError,
    ).toBeFalsy();
    expect(sent()).toEqual(['PATCH /api/v1/accounts/1/inboxes/1']);
  });

  it('every write that takes a text Chatwoot sends to customers declares what draft mode does with it', () => {
    const customerText = /^(message|[a-z_]+_message|greeting_enabled|actions|content)$/;
    // Texts that stay inside Chatwoot or go to Chatwoot itself: saved replies, articles, macros (run only by
    // execute_macro, which draft mode hides), the editor's unsent draft, questions to Copilot, and the customer's
    // own survey answer on the client API.
    const internal = new Set([
      'create_canned_response',
      'update_canned_response',
      'create_portal_article',
      'update_portal_article',
      'create_macro',
      'update_macro',
      'save_conversation_draft',
      'create_copilot_thread',
      'create_copilot_message',
      'client_submit_csat_survey',
      'create_contact_note',
      'update_contact_note',
      'create_dashboard_app',
      'update_dashboard_app',
    ]);
    for (const operation of operations) {
      if (operation.readOnly || internal.has(operation.id)) continue;
      const names = Object.keys(buildToolInput(operation).schema.properties as object);
      if (names.some((name) => customerText.test(name))) expect(operation.draft, operation.id).toBeDefined();
    }
  });
});
