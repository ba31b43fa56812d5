import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load.js';
import { packageFile } from '../src/paths.js';
import { buildTool } from '../src/tools/definitions.js';
import { buildSearchIndex } from '../src/tools/search.js';

const index = buildSearchIndex(
  loadCatalog(packageFile('openapi.json')).map((operation) => buildTool(operation)),
);

/** Plain-words requests an agent might make, and the tool that serves each (any of several where they are alike). */
const REQUESTS: [string, string[]][] = [
  ['reply to conversation 12', ['create_message']],
  ['send a message to the customer', ['create_message']],
  ['add a private note to this chat', ['create_message']],
  ['who is on the billing team', ['list_team_members']],
  ['add label vip to this chat', ['add_conversation_labels']],
  ['what labels does this conversation have', ['list_conversation_labels']],
  ['tag the contact as churn risk', ['add_contact_labels']],
  ['resolve the conversation', ['toggle_conversation_status']],
  ['reopen ticket 45', ['toggle_conversation_status']],
  ['mark this conversation urgent', ['toggle_conversation_priority']],
  ['assign the chat to Maria', ['assign_conversation']],
  ['hand over to the tech team', ['assign_conversation']],
  ['find the customer with email jane@example.com', ['search_contacts', 'filter_contacts']],
  ['look up a contact by phone number', ['search_contacts', 'filter_contacts']],
  ['show the full message history of conversation 7', ['list_messages']],
  ['list my open conversations', ['list_conversations']],
  ['how many unassigned conversations are there', ['get_conversation_counts']],
  ['get details of conversation 3', ['get_conversation']],
  ['create a new contact', ['create_contact']],
  ['update the phone number of a contact', ['update_contact']],
  ['merge two duplicate contacts', ['merge_contacts']],
  ['delete a contact', ['delete_contact']],
  ['which agents are in the account', ['list_agents']],
  ['list all inboxes', ['list_inboxes']],
  ['who handles the email inbox', ['list_inbox_members']],
  ['use a canned response template', ['list_canned_responses']],
  ['create a saved reply shortcut', ['create_canned_response']],
  [
    'conversation statistics for last week',
    [
      'get_metric_report',
      'get_summary_report',
      'get_agent_summary_report',
      'get_inbox_summary_report',
      'get_channel_summary_report',
      'get_team_summary_report',
    ],
  ],
  ['agent performance report', ['get_agent_summary_report', 'get_conversation_metrics']],
  ['create a webhook for new messages', ['create_webhook']],
  ['start a new conversation with a contact', ['create_conversation']],
  ['previous conversations of this customer', ['list_contact_conversations']],
  ['who am I', ['get_profile']],
  ['create a help center article', ['create_portal_article']],
  ['set a custom attribute on the conversation', ['set_conversation_custom_attributes']],
  ['create an automation rule', ['create_automation_rule']],
];

describe('dynamic search', () => {
  it.each(REQUESTS)('finds the tool for "%s" in the top 3', (request, expected) => {
    const top = index.search(request, 3).map((tool) => tool.listing.name);
    expect(
      top.some((name) => expected.includes(name)),
      `${request} → ${top.join(', ')}`,
    ).toBe(true);
  });

  it(`covers at least 30 requests (${REQUESTS.length})`, () => {
    expect(REQUESTS.length).toBeGreaterThanOrEqual(30);
  });
});
