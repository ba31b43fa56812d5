import type { Family, Operation } from '../catalog/types.js';
import type { Credentials } from '../chatwoot/client.js';

export interface Surface {
  operations: Operation[];
  /** One line per family for the start-up log: on or off, and why. */
  families: Record<Family, string>;
}

/**
 * The operations this server lists, from the credentials it has: the application API with a user token (or,
 * with only an agent-bot token, just the endpoints Chatwoot lets bots call), the platform API with a platform
 * token, and the client API always, since it needs no token.
 */
export function selectSurface(operations: Operation[], credentials: Credentials): Surface {
  const botOnly = !credentials.userToken && Boolean(credentials.agentBotToken);
  const enabled = (operation: Operation): boolean => {
    if (operation.family === 'platform') return Boolean(credentials.platformToken);
    if (operation.family === 'client') return true;
    if (credentials.userToken) return true;
    return botOnly && operation.auth === 'user_or_bot';
  };
  const selected = operations.filter(enabled);
  const count = (family: Family) => selected.filter((operation) => operation.family === family).length;
  return {
    operations: selected,
    families: {
      application: credentials.userToken
        ? `on (${count('application')} tools, user token)`
        : botOnly
          ? `on (${count('application')} tools, agent-bot token: only the endpoints Chatwoot opens to bots)`
          : 'off (set CHATWOOT_API_TOKEN or CHATWOOT_AGENT_BOT_TOKEN)',
      platform: credentials.platformToken
        ? `on (${count('platform')} tools)`
        : 'off (set CHATWOOT_PLATFORM_TOKEN)',
      client: `on (${count('client')} tools, no token needed)`,
    },
  };
}
