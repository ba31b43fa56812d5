import * as z from 'zod';
import { LOG_LEVELS } from '../log.js';
import { readBaseUrl } from './baseUrl.js';
import { boolean, number, positiveInteger, type Setting, token } from './schemas.js';

/** Where Chatwoot is and how to talk to it: address, tokens, default account, time limits. */
export const CHATWOOT_SETTINGS = {
  baseUrl: {
    flag: 'base-url',
    env: 'CHATWOOT_BASE_URL',
    description: 'Address of your Chatwoot, e.g. https://app.chatwoot.com (required unless --sandbox).',
    schema: z
      .string()
      .trim()
      .transform((raw, context) => {
        const read = readBaseUrl(raw);
        if ('url' in read) return read.url;
        context.addIssue({ code: 'custom', message: read.problem });
        return z.NEVER;
      }),
    notice: (raw: string) => {
      const read = readBaseUrl(raw.trim());
      return 'notice' in read ? read.notice : undefined;
    },
  },
  apiToken: {
    flag: 'api-token',
    env: 'CHATWOOT_API_TOKEN',
    description: "A user's access token (Profile settings → Access token): turns on the application API.",
    schema: token,
    secret: true,
  },
  agentBotToken: {
    flag: 'agent-bot-token',
    env: 'CHATWOOT_AGENT_BOT_TOKEN',
    description:
      "An agent bot's token: alone, it turns on only the conversation endpoints Chatwoot opens to bots.",
    schema: token,
    secret: true,
  },
  platformToken: {
    flag: 'platform-token',
    env: 'CHATWOOT_PLATFORM_TOKEN',
    description: "A platform app's token (super admin console): turns on the platform API.",
    schema: token,
    secret: true,
  },
  accountId: {
    flag: 'account-id',
    env: 'CHATWOOT_ACCOUNT_ID',
    description:
      "Default account id: account_id is left out of every tool's listing. Without it, a user token's only account is found from its profile.",
    schema: positiveInteger,
  },
  timeoutMs: {
    flag: 'timeout-ms',
    env: 'CHATWOOT_TIMEOUT_MS',
    description:
      'Time limit of one HTTP attempt to Chatwoot, in milliseconds: for the headers, then again for the body.',
    schema: positiveInteger.max(600_000, 'must be at most 600000'),
    default: '30000',
  },
  maxRetries: {
    flag: 'max-retries',
    env: 'CHATWOOT_MAX_RETRIES',
    description:
      'Retries of a failed request where retrying is safe (reads and other idempotent calls; 429 for all).',
    schema: number().int('must be a whole number').min(0).max(10),
    default: '2',
  },
  maxRetryAfter: {
    flag: 'max-retry-after',
    env: 'CHATWOOT_MAX_RETRY_AFTER',
    description: 'Longest Retry-After (seconds) waited out on a 429; a longer one is returned to the agent.',
    schema: number().int('must be a whole number').min(0).max(3600),
    default: '30',
  },
  sandbox: {
    flag: 'sandbox',
    env: 'CHATWOOT_SANDBOX',
    description: 'Start a built-in in-memory Chatwoot on 127.0.0.1 and serve it (no Chatwoot needed).',
    schema: boolean,
    boolean: true,
    default: 'false',
  },
  logLevel: {
    flag: 'log-level',
    env: 'LOG_LEVEL',
    description: `Log detail on stderr: ${LOG_LEVELS.join(', ')}.`,
    schema: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }),
    default: 'info',
  },
} satisfies Record<string, Setting>;
