import type { Family, Operation } from '../catalog/types.js';
import type { Credentials } from '../chatwoot/client.js';
import { TOOLSETS } from './toolsets.js';

/** What the server's settings let through, beyond the credentials. */
export interface SurfaceFilters {
  toolsets: ReadonlySet<string>;
  /** Single tools added on top of the toolsets. */
  include: ReadonlySet<string>;
  exclude: ReadonlySet<string>;
  readOnly: boolean;
  draftReplies: boolean;
}

export const OPEN_SURFACE: SurfaceFilters = {
  toolsets: new Set(TOOLSETS),
  include: new Set(),
  exclude: new Set(),
  readOnly: false,
  draftReplies: false,
};

export interface Surface {
  operations: Operation[];
  /** Why each operation that is not on was left out, for a clear refusal when it is called anyway. */
  refusals: Map<string, string>;
  /** One line per family for the start-up log: on or off, and why. */
  families: Record<Family, string>;
}

/**
 * The operations this server offers. Credentials first: the application API with a user token (or, with only an
 * agent-bot token, just the endpoints Chatwoot lets bots call), the platform API with a platform token, the
 * client API always (it needs no token). Then the toolsets and single tools chosen, then draft-only replies (no
 * client-API messages), and last read-only mode, which wins over everything.
 */
export function selectSurface(
  operations: Operation[],
  credentials: Credentials,
  filters: SurfaceFilters = OPEN_SURFACE,
): Surface {
  const botOnly = !credentials.userToken && Boolean(credentials.agentBotToken);
  const refusals = new Map<string, string>();
  const refusalFor = (operation: Operation): string | undefined => {
    if (operation.family === 'platform' && !credentials.platformToken) {
      return 'the platform API is off: this server has no platform token (CHATWOOT_PLATFORM_TOKEN)';
    }
    if (operation.family === 'application' && !credentials.userToken) {
      if (!botOnly) return 'the application API is off: this server has no token (CHATWOOT_API_TOKEN)';
      if (operation.auth !== 'user_or_bot')
        return 'Chatwoot refuses agent-bot tokens here, and this server has only a bot token';
    }
    if (filters.readOnly && !operation.readOnly) {
      return 'read-only mode is on (CHATWOOT_READ_ONLY): this tool changes data';
    }
    if (filters.draftReplies && operation.draft && 'hide' in operation.draft) {
      return `draft-only replies are on (CHATWOOT_DRAFT_REPLIES): ${operation.draft.hide}`;
    }
    if (filters.exclude.has(operation.id)) return 'it is excluded by CHATWOOT_EXCLUDE_TOOLS';
    if (filters.include.has(operation.id)) return undefined;
    if (!filters.toolsets.has(operation.toolset)) {
      return `its toolset "${operation.toolset}" is not enabled (CHATWOOT_TOOLSETS)`;
    }
    return undefined;
  };
  const selected: Operation[] = [];
  for (const operation of operations) {
    const refusal = refusalFor(operation);
    if (refusal) refusals.set(operation.id, refusal);
    else selected.push(operation);
  }
  /** A family its credentials turn on: how many tools it offers, or why none of them is offered. */
  const on = (family: Family, detail: string) => {
    const count = selected.filter((operation) => operation.family === family).length;
    if (count > 0) return `on (${count} tools${detail})`;
    const refused = operations.find((operation) => operation.family === family);
    return `on, but none of its tools is offered: ${refused ? refusals.get(refused.id) : 'it has none'}`;
  };
  return {
    operations: selected,
    refusals,
    families: {
      application: credentials.userToken
        ? on('application', ', user token')
        : botOnly
          ? on('application', ', agent-bot token: only the endpoints Chatwoot opens to bots')
          : 'off (set CHATWOOT_API_TOKEN or CHATWOOT_AGENT_BOT_TOKEN)',
      platform: credentials.platformToken ? on('platform', '') : 'off (set CHATWOOT_PLATFORM_TOKEN)',
      client: on('client', ', no token needed'),
    },
  };
}

/** The sentence for a call to a tool that exists but is off here; undefined when no tool has that name. */
export function unavailable(surface: Surface, name: string): string | undefined {
  const reason = surface.refusals.get(name);
  return reason === undefined ? undefined : `${name} is not available on this server: ${reason}.`;
}
