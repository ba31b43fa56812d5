import type { ChatwootClient } from './client.js';

/** A call left account_id out, and the token's profile does not name exactly one account: which one is meant. */
export class AccountChoiceError extends Error {}

const MOST_NAMED = 20;

/**
 * The account a user token works in, for calls that leave account_id out when no CHATWOOT_ACCOUNT_ID is set: read
 * from the token's profile on the first such call. With one account, that one; with several (or none), the call is
 * refused with the accounts to choose from, never guessed. A found account is kept; a failure is not, so the next
 * call reads the profile again.
 */
export function accountFinder(client: ChatwootClient): (signal?: AbortSignal) => Promise<number> {
  let found: Promise<number> | undefined;
  return (signal) => {
    found ??= readAccount(client, signal).catch((error: unknown) => {
      found = undefined;
      throw error;
    });
    return found;
  };
}

async function readAccount(client: ChatwootClient, signal?: AbortSignal): Promise<number> {
  const request = {
    method: 'GET',
    path: '/api/v1/profile',
    searchParams: new URLSearchParams(),
    json: undefined,
    expectJson: true,
  } as const;
  const reply = await client.send(request, 'user', signal);
  const listed = (reply.data as { accounts?: unknown } | undefined)?.accounts;
  const accounts = (Array.isArray(listed) ? listed : []).filter(
    (account): account is { id: number; name?: unknown } =>
      Number.isInteger((account as { id?: unknown } | null)?.id),
  );
  if (accounts.length === 1) return (accounts[0] as { id: number }).id;
  const pass = 'pass account_id with the call, or set CHATWOOT_ACCOUNT_ID';
  if (accounts.length === 0)
    throw new AccountChoiceError(`account_id is needed: this token's profile names no account; ${pass}.`);
  const named = accounts
    .slice(0, MOST_NAMED)
    .map(
      (account) =>
        `${account.id}${typeof account.name === 'string' ? ` (${account.name.slice(0, 60)})` : ''}`,
    );
  const more = accounts.length > MOST_NAMED ? ', …' : '';
  throw new AccountChoiceError(
    `account_id is needed: this token's user belongs to ${accounts.length} accounts, ${named.join(', ')}${more}; ${pass}.`,
  );
}
