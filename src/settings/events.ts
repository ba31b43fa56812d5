import * as z from 'zod';
import { boolean, list, positiveInteger, type Setting, seconds } from './schemas.js';

/** Chatwoot's events reaching the agent: where they come from, how long they are kept, where they are shared. */
export const EVENT_SETTINGS = {
  events: {
    flag: 'events',
    env: 'CHATWOOT_EVENTS',
    description:
      'Where events come from: webhook (HTTP: Chatwoot posts to /webhooks/chatwoot), poll (read what changed every CHATWOOT_POLL_INTERVAL), or off (default: webhook when a webhook secret is set over HTTP, else off).',
    schema: z.enum(['off', 'webhook', 'poll'], { error: 'must be off, webhook or poll' }),
  },
  webhookSecrets: {
    flag: 'webhook-secret',
    env: 'CHATWOOT_WEBHOOK_SECRET',
    description:
      "Secrets of Chatwoot's signed webhooks (account webhook or agent bot), comma-separated; a webhook must be signed by one of them.",
    schema: list.pipe(z.array(z.string().min(8, 'each secret must be at least 8 characters')).min(1)),
    secret: true,
  },
  webhookAllowUnsigned: {
    flag: 'webhook-allow-unsigned',
    env: 'CHATWOOT_WEBHOOK_ALLOW_UNSIGNED',
    description:
      'Accept webhooks without a signature (Chatwoot before 4.12 does not sign): anyone who reaches the URL can inject events.',
    schema: boolean,
    boolean: true,
    default: 'false',
  },
  webhookTolerance: {
    flag: 'webhook-tolerance',
    env: 'CHATWOOT_WEBHOOK_TOLERANCE',
    description:
      'Seconds a signed webhook stays valid after its X-Chatwoot-Timestamp; older ones are refused.',
    schema: seconds(3600),
    default: '300',
  },
  webhookMaxBytes: {
    flag: 'webhook-max-bytes',
    env: 'CHATWOOT_WEBHOOK_MAX_BYTES',
    description: 'Largest webhook body accepted; a larger one gets 413.',
    schema: positiveInteger.max(64 * 1024 * 1024),
    default: '1048576',
  },
  pollInterval: {
    flag: 'poll-interval',
    env: 'CHATWOOT_POLL_INTERVAL',
    description: 'Polling: seconds between two reads of what changed in Chatwoot.',
    schema: seconds(3600),
    default: '10',
  },
  eventsKeep: {
    flag: 'events-keep',
    env: 'CHATWOOT_EVENTS_KEEP',
    description: 'Events kept for agents that are not waiting, at most this many…',
    schema: positiveInteger.max(1_000_000),
    default: '1000',
  },
  eventsKeepSeconds: {
    flag: 'events-keep-seconds',
    env: 'CHATWOOT_EVENTS_KEEP_SECONDS',
    description: '…and at most this many seconds.',
    schema: seconds(7 * 86_400),
    default: '3600',
  },
  redisUrl: {
    flag: 'redis-url',
    env: 'MCP_REDIS_URL',
    description:
      'Share events between replicas through Redis streams (redis://…); without it they stay in this process.',
    schema: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }),
    secret: true,
  },
} satisfies Record<string, Setting>;

export type EventsMode = 'off' | 'webhook' | 'poll';

/** The mode in force: the one set, or webhook when an HTTP server has a way to accept them. */
export function eventsMode(config: {
  events?: EventsMode | undefined;
  transport?: string | undefined;
  webhookSecrets?: string[] | undefined;
  webhookAllowUnsigned?: boolean | undefined;
}): EventsMode {
  if (config.events) return config.events;
  const acceptsWebhooks = (config.webhookSecrets?.length ?? 0) > 0 || config.webhookAllowUnsigned === true;
  return config.transport === 'http' && acceptsWebhooks ? 'webhook' : 'off';
}
