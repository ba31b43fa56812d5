// Every tool called once against the sandbox: it answers as Chatwoot would (a result or Chatwoot's error) or says
// plainly that it does not model the route; it never fails inside. The support routes are all modelled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildManifest } from '../scripts/manifest.js';
import { SANDBOX_TOKENS, type Sandbox, startSandbox } from '../src/sandbox/index.js';
import { connectInMemory } from './helpers/inMemory.js';
import { sampleArguments } from './helpers/sampleArgs.js';

const SUPPORT_ROUTES = [
  'search_everything',
  'search_conversations',
  'search_messages',
  'search_contacts_everywhere',
  'search_articles',
  'search_conversation_messages',
  'bulk_update',
  'list_macros',
  'get_macro',
  'execute_macro',
  'create_macro',
  'update_macro',
  'delete_macro',
  'list_contact_notes',
  'create_contact_note',
  'get_contact_note',
  'update_contact_note',
  'delete_contact_note',
  'list_conversation_participants',
  'add_conversation_participants',
  'set_conversation_participants',
  'remove_conversation_participants',
  'mute_conversation',
  'unmute_conversation',
  'list_conversation_attachments',
  'list_portal_articles',
  'get_portal_article',
  'list_notifications',
  'count_unread_notifications',
  'mark_notification_read',
  'mark_notification_unread',
  'mark_all_notifications_read',
  'snooze_notification',
  'delete_notification',
  'delete_all_notifications',
];

let sandbox: Sandbox;
let tools: Awaited<ReturnType<typeof connectInMemory>>;
beforeAll(async () => {
  sandbox = await startSandbox();
  tools = await connectInMemory(sandbox.url, {
    apiToken: SANDBOX_TOKENS.user,
    platformToken: SANDBOX_TOKENS.platform,
    accountId: 1,
  });
});
afterAll(async () => {
  await tools.client.close();
  await sandbox.close();
});

describe('the sandbox behind every tool', () => {
  it('answers each route like Chatwoot, or says it does not model it', async () => {
    const notModelled: string[] = [];
    const failures: string[] = [];
    for (const tool of buildManifest().tools) {
      const args = sampleArguments(tool.inputSchema);
      const { text } = await tools.call(tool.name, args);
      if (text.includes('The sandbox does not implement')) notModelled.push(tool.name);
      if (/failed while handling|failed inside chatwoot-mcp/.test(text))
        failures.push(`${tool.name}: ${text}`);
    }
    process.stdout.write(
      `sandbox: ${buildManifest().tools.length - notModelled.length} tools modelled, ${notModelled.length} answered "not modelled"\n`,
    );
    expect(failures).toEqual([]);
    expect(SUPPORT_ROUTES.filter((name) => notModelled.includes(name))).toEqual([]);
  });
});
