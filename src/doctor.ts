import { ChatwootClient, type Credentials } from './chatwoot/client.js';
import { ChatwootError, chatwootMessage } from './chatwoot/errors.js';
import { readChatwootVersion } from './chatwoot/version.js';
import type { Runtime } from './runtime.js';
import { eventsMode } from './settings/events.js';

type Say = (line: string) => void;

/**
 * `chatwoot-mcp doctor`: reaches Chatwoot's /api, tries each configured token, checks the default account. Prints
 * one line per finding, `✗` and what to do for each problem; returns how many problems it found.
 */
export async function doctor(runtime: Runtime, say: Say): Promise<number> {
  const { config } = runtime;
  let problems = 0;
  const ok = (line: string) => say(`✓ ${line}`);
  const problem = (line: string) => {
    problems++;
    say(`✗ ${line}`);
  };
  const clientWith = (credentials: Credentials) =>
    new ChatwootClient({
      baseUrl: runtime.baseUrl,
      credentials,
      timeoutMs: Math.min(config.timeoutMs, 10_000),
      maxRetries: 0,
      maxRetryAfterSeconds: 0,
      userAgent: `chatwoot-mcp/${runtime.version} doctor`,
    });
  const get = (client: ChatwootClient, path: string, auth: 'user' | 'user_or_bot' | 'platform') =>
    client.send(
      { method: 'GET', path, searchParams: new URLSearchParams(), json: undefined, expectJson: true },
      auth,
    );

  try {
    ok(`Chatwoot ${await readChatwootVersion(clientWith({}))} answers at ${runtime.baseUrl}`);
  } catch (error) {
    problem(
      `${runtime.baseUrl}/api: ${reason(error)}: set CHATWOOT_BASE_URL to your Chatwoot's address (the one you open in the browser, without /app/...) and check that it is up`,
    );
    return problems;
  }

  if (config.apiToken) {
    try {
      const profile = (await get(clientWith({ userToken: config.apiToken }), '/api/v1/profile', 'user'))
        .data as {
        email?: string;
        accounts?: { id: number; name: string }[];
      };
      const accounts = profile.accounts ?? [];
      const listed = accounts.map((account) => `${account.id} (${account.name})`).join(', ') || 'none';
      ok(`CHATWOOT_API_TOKEN: accepted, user ${profile.email ?? '?'}, member of accounts ${listed}`);
      if (config.accountId !== undefined && !accounts.some((account) => account.id === config.accountId)) {
        problem(
          `CHATWOOT_ACCOUNT_ID=${config.accountId} is not an account of this user: use one of ${listed}`,
        );
      } else if (config.accountId === undefined && accounts.length === 1) {
        ok(`account: calls that leave account_id out use ${listed}, this user's only account`);
      } else if (config.accountId === undefined && accounts.length > 1) {
        say(
          `! account: this user is in ${accounts.length} accounts, so every call must name account_id; set CHATWOOT_ACCOUNT_ID to one of ${listed} to make it the default`,
        );
      }
    } catch (error) {
      problem(
        `CHATWOOT_API_TOKEN: ${reason(error)}: copy it again from Chatwoot's Profile settings → Access token`,
      );
    }
  }
  if (config.agentBotToken) {
    // No endpoint that reads is open to bots: a valid bot token is told "not authorized for bots", a wrong one not.
    try {
      await get(clientWith({ agentBotToken: config.agentBotToken }), '/api/v1/profile', 'user_or_bot');
      ok('CHATWOOT_AGENT_BOT_TOKEN: accepted');
    } catch (error) {
      if (/bots/i.test(said(error))) ok('CHATWOOT_AGENT_BOT_TOKEN: accepted (a bot token)');
      else
        problem(
          `CHATWOOT_AGENT_BOT_TOKEN: ${reason(error)}: copy the bot's access token again (Settings → Bots)`,
        );
    }
  }
  if (config.platformToken) {
    try {
      await get(
        clientWith({ platformToken: config.platformToken }),
        `/platform/api/v1/accounts/${config.accountId ?? 1}`,
        'platform',
      );
      ok('CHATWOOT_PLATFORM_TOKEN: accepted');
    } catch (error) {
      // A valid platform token is refused only the accounts its app did not create.
      if (/permissible/i.test(said(error)) || status(error) === 404) ok('CHATWOOT_PLATFORM_TOKEN: accepted');
      else
        problem(
          `CHATWOOT_PLATFORM_TOKEN: ${reason(error)}: copy the platform app's token again (super admin console → Platform Apps)`,
        );
    }
  }
  if (eventsMode(config) === 'webhook' && config.apiToken && config.accountId !== undefined)
    await checkWebhooks(clientWith({ userToken: config.apiToken }), config.accountId);
  if (!config.apiToken && !config.agentBotToken && !config.platformToken) {
    problem(
      'no token is set: only the client API is on; set CHATWOOT_API_TOKEN (Profile settings → Access token)',
    );
  }
  /** Events: some account webhook or agent bot of the account signs with a secret of CHATWOOT_WEBHOOK_SECRET. */
  async function checkWebhooks(client: ChatwootClient, accountId: number) {
    const secrets = new Set(config.webhookSecrets ?? []);
    const signers: string[] = [];
    try {
      const hooks = (await get(client, `/api/v1/accounts/${accountId}/webhooks`, 'user')).data as {
        payload?: { webhooks?: { url?: string; secret?: string }[] };
      };
      for (const hook of hooks.payload?.webhooks ?? [])
        if (hook.secret && secrets.has(hook.secret)) signers.push(`webhook ${hook.url}`);
      const bots = (await get(client, `/api/v1/accounts/${accountId}/agent_bots`, 'user')).data as {
        name?: string;
        outgoing_url?: string;
        secret?: string;
      }[];
      for (const bot of Array.isArray(bots) ? bots : [])
        if (bot.secret && secrets.has(bot.secret))
          signers.push(`agent bot ${bot.name} (${bot.outgoing_url})`);
    } catch (error) {
      return problem(`events: cannot read the webhooks of account ${accountId}: ${reason(error)}`);
    }
    if (signers.length > 0) return ok(`events: signed with CHATWOOT_WEBHOOK_SECRET: ${signers.join(', ')}`);
    problem(
      `events: no webhook or agent bot of account ${accountId} signs with a secret of CHATWOOT_WEBHOOK_SECRET: in Chatwoot, Settings → Integrations → Webhooks, add https://<this server>/webhooks/chatwoot (or call create_webhook) and copy its secret into CHATWOOT_WEBHOOK_SECRET`,
    );
  }

  say(problems === 0 ? 'No problems found.' : `${problems} problem${problems > 1 ? 's' : ''} found.`);
  return problems;
}

const status = (error: unknown) => (error instanceof ChatwootError ? error.details.status : undefined);
const said = (error: unknown) =>
  error instanceof ChatwootError ? (chatwootMessage(error.details.body) ?? '') : '';

function reason(error: unknown): string {
  if (!(error instanceof ChatwootError)) return (error as Error).message;
  if (error.kind !== 'http') return error.message;
  const words = said(error);
  return `refused with HTTP ${error.details.status}${words ? ` ("${words}")` : ''}`;
}
