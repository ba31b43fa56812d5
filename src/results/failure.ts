import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Operation } from '../catalog/types.js';
import { ChatwootError, chatwootMessage } from '../chatwoot/errors.js';
import type { Redact } from '../redact.js';

/** A failed call: one sentence the model can act on, never a stack trace or a secret. */
export function errorResult(text: string, redact: Redact): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: redact(text) }] };
}

/** What went wrong, in Chatwoot's own words where it gave any, and what the model can do about it. */
export function describeFailure(
  error: unknown,
  operation: Operation,
  pathValues: Record<string, unknown>,
): string {
  if (!(error instanceof ChatwootError))
    return `${operation.id} failed: ${(error as Error).message ?? String(error)}`;
  const said = chatwootMessage(error.details.body);
  const head =
    error.kind === 'http'
      ? `Chatwoot answered HTTP ${error.details.status} to ${operation.id}${said ? `: ${said}` : '.'}`
      : `${operation.id} failed: ${error.message}.`;
  const hint = hintFor(error, operation, pathValues, said ?? '');
  return hint ? `${head}\nHint: ${hint}` : head;
}

function hintFor(
  error: ChatwootError,
  operation: Operation,
  pathValues: Record<string, unknown>,
  said: string,
): string | undefined {
  const tokenName = operation.auth === 'platform' ? 'CHATWOOT_PLATFORM_TOKEN' : 'CHATWOOT_API_TOKEN';
  switch (error.kind) {
    case 'credentials':
      return `set ${tokenName} in the server's configuration to use this tool.`;
    case 'timeout':
      return 'Chatwoot did not answer in time. Retry once; for lists, ask for less (a page, a filter).';
    case 'network':
      return 'Chatwoot could not be reached: check that CHATWOOT_BASE_URL is right and the server is up.';
    case 'incomplete':
      return 'the reply was cut off on its way; retry once, and if it persists, check the network or proxy in front of Chatwoot.';
    case 'not_api':
      return "CHATWOOT_BASE_URL does not lead to Chatwoot's API: set it to the address of your Chatwoot itself (e.g. https://chatwoot.example.com, no /app/... path), the one whose /api answers with its version.";
    case 'too_large':
      return 'ask for less: a page, a filter or a narrower search.';
    case 'aborted':
      return 'the call was cancelled before Chatwoot answered.';
  }
  const status = error.details.status ?? 0;
  if (status >= 300 && status < 400) {
    return `Chatwoot redirected to ${error.details.location ?? 'another address'}; set CHATWOOT_BASE_URL to the final address (e.g. https).`;
  }
  if (status === 401) {
    if (/not authorized to access this account/i.test(said)) {
      const account = `account ${String(pathValues.account_id ?? '?')}`;
      return /bot/i.test(said)
        ? `the agent bot's token is valid, but the bot belongs neither to ${account} nor to one of its inboxes: use the bot of that account, or a user token.`
        : `the token is valid, but its user is not a member of ${account}: get_profile lists the accounts this user belongs to; use one of those (account_id, or CHATWOOT_ACCOUNT_ID).`;
    }
    if (/suspended/i.test(said))
      return 'this account is suspended in Chatwoot: a super admin can reactivate it.';
    if (/bot/i.test(said))
      return 'agent-bot tokens are refused here; this needs a user token (CHATWOOT_API_TOKEN).';
    return `the token was refused: check ${tokenName}.`;
  }
  if (status === 403)
    return "this token may not do this: an administrator-only action, another account's data, or an endpoint closed to agent bots.";
  if (status === 404) {
    const ids = Object.entries(pathValues).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
    return ids.length > 0
      ? `one of ${ids.join(', ')} does not exist or is not visible to this token; look the id up with a list or search tool.`
      : 'this Chatwoot does not serve this endpoint (an older version?).';
  }
  if (status === 422 || status === 400) return 'fix the arguments Chatwoot names above and call again.';
  if (status === 429) {
    const wait = error.details.retryAfterSeconds;
    return `rate limited by Chatwoot; retry after ${wait ?? 'a few'} s.`;
  }
  if (status === 501)
    return 'this Chatwoot does not implement the route (an older release, or the sandbox); retrying will not help.';
  if (status >= 500) return 'Chatwoot failed on its side; retry later, and report it if it persists.';
  return undefined;
}
