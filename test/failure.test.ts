import { describe, expect, it } from 'vitest';
import type { Operation } from '../src/catalog/types.js';
import { ChatwootError } from '../src/chatwoot/errors.js';
import { describeFailure } from '../src/results/failure.js';

const operation: Operation = {
  id: 'get_conversation',
  title: 'Get a conversation',
  description: '',
  family: 'application',
  toolset: 'conversations',
  method: 'GET',
  path: '/api/v1/accounts/{account_id}/conversations/{conversation_id}',
  parameters: [],
  body: undefined,
  auth: 'user',
  readOnly: true,
  destructive: false,
  covers: [],
  intents: [],
  draft: undefined,
  result: { view: undefined, readBack: undefined, views: {} },
  reply: 'json',
  minVersion: undefined,
};
const http = (status: number, body: unknown, extra: object = {}) =>
  new ChatwootError('http', `HTTP ${status}`, { status, body, ...extra });
const describe_ = (error: unknown) =>
  describeFailure(error, operation, { account_id: 1, conversation_id: 5 });

describe('failures tell the model what happened and what to do', () => {
  it.each([
    [
      http(401, { error: 'Invalid Access Token' }),
      /HTTP 401.*Invalid Access Token[\s\S]*Hint: the token was refused: check CHATWOOT_API_TOKEN/,
    ],
    [
      http(401, { error: 'Access to this endpoint is not authorized for bots' }),
      /Hint: agent-bot tokens are refused here; this needs a user token/,
    ],
    [
      http(401, { error: 'You are not authorized to access this account' }),
      /Hint: the token is valid, but its user is not a member of account 1: get_profile lists the accounts/,
    ],
    [
      http(401, { error: 'Bot is not authorized to access this account' }),
      /Hint: the agent bot's token is valid, but the bot belongs neither to account 1 nor to one of its inboxes/,
    ],
    [http(401, { error: 'Account is suspended' }), /Hint: this account is suspended in Chatwoot/],
    [
      new ChatwootError('not_api', 'the answer is not JSON but text/html ("Chatwoot")'),
      /not JSON but text\/html[\s\S]*Hint: CHATWOOT_BASE_URL does not lead to Chatwoot's API/,
    ],
    [http(403, { error: 'Forbidden' }), /Hint: this token may not do this/],
    [
      http(404, { error: 'Resource could not be found' }),
      /Hint: one of account_id=1, conversation_id=5 does not exist/,
    ],
    [
      http(422, { message: 'Email has already been taken', attributes: ['email'] }),
      /Email has already been taken — fields: email[\s\S]*Hint: fix the arguments/,
    ],
    [http(429, '', { retryAfterSeconds: 120 }), /Hint: rate limited by Chatwoot; retry after 120 s/],
    [
      http(502, '<html><title>502 Bad Gateway</title></html>'),
      /HTTP 502 to get_conversation: 502 Bad Gateway[\s\S]*Hint: Chatwoot failed on its side/,
    ],
    [
      http(501, { error: 'The sandbox does not implement PATCH /x' }),
      /HTTP 501[\s\S]*Hint: this Chatwoot does not implement the route[\s\S]*retrying will not help/,
    ],
    [
      http(301, undefined, { location: 'https://chatwoot.example.com/' }),
      /Hint: Chatwoot redirected to https:\/\/chatwoot.example.com\/; set CHATWOOT_BASE_URL/,
    ],
    [
      new ChatwootError('timeout', 'no reply within 30000 ms'),
      /no reply within 30000 ms[\s\S]*Hint: Chatwoot did not answer in time/,
    ],
    [
      new ChatwootError('network', 'ECONNREFUSED'),
      /ECONNREFUSED[\s\S]*check that CHATWOOT_BASE_URL is right/,
    ],
    [new ChatwootError('credentials', 'no user token is configured'), /Hint: set CHATWOOT_API_TOKEN/],
  ])('%#: %s', (error, expected) => {
    expect(describe_(error)).toMatch(expected);
  });
});
