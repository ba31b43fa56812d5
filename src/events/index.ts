import type { IncomingMessage } from 'node:http';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { type Runtime, SettingsError } from '../runtime.js';
import type { EventsMode } from '../settings/events.js';
import { toolCaller } from '../support/call.js';
import type { Refusal } from '../transports/httpGuards.js';
import { memoryLog } from './memoryLog.js';
import { startPoller } from './poller.js';
import { type ResourceSubscriptions, resourceSubscriptions, SubscriptionError } from './subscriptions.js';
import type { EventLog } from './types.js';
import { WAIT_TOOL, waitToolResult } from './wait.js';
import { WEBHOOK_PATH, webhookReceiver } from './webhook.js';

export { SubscriptionError };

/** Sources → log → deliveries, as the server and the HTTP transport see them. */
export interface Events {
  log: EventLog;
  /** The waiting tool, listed for sessions on the server's own credentials. */
  tool: Tool;
  wait(args: unknown, signal: AbortSignal): Promise<CallToolResult>;
  subscriptions(notify: (uri: string) => Promise<void>): ResourceSubscriptions;
  /** Webhook mode: the path Chatwoot posts to, and what answers it. */
  webhook?: { path: string; receive(request: IncomingMessage): Promise<Refusal> };
  /** What to say at start-up. */
  describe(): string[];
  close(): Promise<void>;
}

const POLL_TOOLS = ['list_conversations', 'list_messages'];

/** Loaded only when events are on: the log (memory or Redis), the source (webhooks or polling), the deliveries. */
export async function startEvents(runtime: Runtime, mode: Exclude<EventsMode, 'off'>): Promise<Events> {
  const { config, log: logger, defaultTenant } = runtime;
  const secrets = config.webhookSecrets ?? [];
  if (mode === 'webhook' && config.transport !== 'http')
    throw new SettingsError(
      'CHATWOOT_EVENTS=webhook needs --transport http (Chatwoot posts to the HTTP server); use poll over stdio',
    );
  if (mode === 'webhook' && secrets.length === 0 && !config.webhookAllowUnsigned)
    throw new SettingsError(
      'CHATWOOT_EVENTS=webhook needs CHATWOOT_WEBHOOK_SECRET (the secret Chatwoot shows for the webhook), or CHATWOOT_WEBHOOK_ALLOW_UNSIGNED',
    );
  const missing = POLL_TOOLS.filter((name) => !defaultTenant.tools.has(name));
  if (mode === 'poll' && missing.length > 0)
    throw new SettingsError(`CHATWOOT_EVENTS=poll reads through ${missing.join(' and ')}, which are off`);

  const retention = { count: config.eventsKeep, seconds: config.eventsKeepSeconds };
  const log = config.redisUrl ? await sharedLog(config.redisUrl) : memoryLog(retention);
  /** Redis through ioredis, an optional peer: installed where replicas share events, not in every install. */
  async function sharedLog(url: string): Promise<EventLog> {
    let redisLog: typeof import('./redisLog.js').redisLog;
    try {
      ({ redisLog } = await import('./redisLog.js'));
    } catch {
      throw new SettingsError(
        'MCP_REDIS_URL needs the ioredis package next to chatwoot-mcp: npm install ioredis',
      );
    }
    try {
      return await redisLog(url, retention, logger);
    } catch (error) {
      throw new SettingsError(`MCP_REDIS_URL: Redis does not answer (${(error as Error).message})`);
    }
  }
  const accountId = defaultTenant.defaultAccountId;
  const poller =
    mode === 'poll'
      ? startPoller(toolCaller(defaultTenant, logger), log, runtime.views, config.pollInterval, logger)
      : undefined;
  const where = config.redisUrl ? 'shared through Redis' : 'in this process';

  return {
    log,
    tool: WAIT_TOOL,
    wait: (args, signal) => waitToolResult(log, args, signal, accountId),
    subscriptions: (notify) => resourceSubscriptions(log, notify, accountId),
    ...(mode === 'webhook'
      ? {
          webhook: {
            path: WEBHOOK_PATH,
            receive: webhookReceiver(
              log,
              {
                secrets,
                allowUnsigned: config.webhookAllowUnsigned,
                toleranceSeconds: config.webhookTolerance,
                maxBytes: config.webhookMaxBytes,
              },
              runtime.views,
              logger,
            ),
          },
        }
      : {}),
    describe: () => [
      mode === 'webhook'
        ? `events: Chatwoot webhooks accepted at ${WEBHOOK_PATH} (${secrets.length} secret${secrets.length === 1 ? '' : 's'}${config.webhookAllowUnsigned ? '; UNSIGNED WEBHOOKS ACCEPTED: anyone who reaches this URL can inject events' : ''}); in Chatwoot: Settings → Integrations → Webhooks, or an agent bot's webhook URL`
        : `events: polling Chatwoot every ${config.pollInterval} s`,
      `events: kept ${where}, at most ${retention.count} for ${retention.seconds} s; agents wait with ${WAIT_TOOL.name}`,
    ],
    close: async () => {
      poller?.stop();
      await log.close();
    },
  };
}
