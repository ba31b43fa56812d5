import { readFileSync } from 'node:fs';
import type { AttachmentPolicy } from './attachments/load.js';
import type { Operation, Views } from './catalog/types.js';
import { accountFinder } from './chatwoot/account.js';
import { ChatwootClient, type Credentials } from './chatwoot/client.js';
import { readChatwootVersion } from './chatwoot/version.js';
import type { Config } from './config.js';
import type { Events } from './events/index.js';
import { createLogger, type Logger } from './log.js';
import { packageFile } from './paths.js';
import { createRedactor, type Redact } from './redact.js';
import { buildTool, type ChatwootTool } from './tools/definitions.js';
import type { Listing } from './tools/modes.js';
import { loadToolCatalog, type ToolCatalog } from './tools/precompiled.js';
import type { SearchIndex } from './tools/search.js';
import { type Surface, type SurfaceFilters, selectSurface } from './tools/surface.js';
import { expandToolsets } from './tools/toolsets.js';

/** Chatwoot credentials and default account of one tenant: the server's own, or a request's (multi-tenant HTTP). */
export interface TenantCredentials extends Credentials {
  accountId?: number | undefined;
}

/** Everything that depends on one set of credentials: the tools it may see, its client, its redaction. */
export interface Tenant {
  tools: Map<string, ChatwootTool>;
  surface: Surface;
  client: ChatwootClient;
  redact: Redact;
  defaultAccountId: number | undefined;
  /** Without a default account and with a user token: its account, found from the profile (see accountFinder). */
  findAccount: ((signal?: AbortSignal) => Promise<number>) | undefined;
  /** The ranked search over this tenant's tools (dynamic mode): its library loaded and index built on first use. */
  search(): Promise<SearchIndex>;
  /** tools/list results already decided for this tenant, by client tool cap and elicitation support. */
  listings: Map<string, Listing>;
}

/** A setting the catalog refuses (e.g. a tool name that does not exist): reported like any config problem. */
export class SettingsError extends Error {}

/** Built once per process from the config, shared by every MCP session and every transport. */
export interface Runtime {
  version: string;
  baseUrl: string;
  config: RuntimeConfig;
  log: Logger;
  /** Where file arguments may come from: local files only in stdio mode, inside CHATWOOT_ATTACHMENT_DIR. */
  attachments: AttachmentPolicy;
  /** The tenant of the server's own credentials. */
  defaultTenant: Tenant;
  /**
   * The tenant of other credentials, built once and kept for the next requests that carry them, under `key`: a
   * fingerprint of the credentials, so that no token is kept as a key.
   */
  tenant(credentials: TenantCredentials, key: string): Tenant;
  /**
   * The release of the Chatwoot served, read from its /api once (in the background at start-up, or on the first
   * call that needs it) and logged; undefined when it cannot be read.
   */
  chatwootVersion(): Promise<string | undefined>;
  /** The compact views declared in openapi.json (components.x-views), for what is shown outside a tool result. */
  views: Views;
  /** Chatwoot's events (webhooks or polling, the log, the waiting tool), when they are on. */
  events?: Events | undefined;
}

export type RuntimeConfig = Config & { baseUrl: string };

const TENANT_CACHE_SIZE = 256;

function surfaceFilters(config: RuntimeConfig, operations: Operation[]): SurfaceFilters {
  const known = new Set(operations.map((operation) => operation.id));
  for (const [setting, names] of [
    ['CHATWOOT_TOOLS', config.tools ?? []],
    ['CHATWOOT_EXCLUDE_TOOLS', config.excludeTools ?? []],
  ] as const) {
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length > 0)
      throw new SettingsError(`${setting} names tools that do not exist: ${unknown.join(', ')}`);
  }
  return {
    toolsets: expandToolsets(config.toolsets ?? [config.sandbox ? 'all' : 'default']).toolsets,
    include: new Set(config.tools ?? []),
    exclude: new Set(config.excludeTools ?? []),
    readOnly: config.readOnly === true,
    draftReplies: config.draftReplies === true,
  };
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
}

export function createRuntime(config: RuntimeConfig, catalog: ToolCatalog = loadToolCatalog()): Runtime {
  const { operations, listed } = catalog;
  const version = packageVersion();
  const filters = surfaceFilters(config, operations);
  const serverSecrets = [
    config.apiToken,
    config.agentBotToken,
    config.platformToken,
    config.authToken,
    config.redisUrl,
    ...(config.webhookSecrets ?? []),
  ];
  const log = createLogger(config.logLevel, createRedactor(serverSecrets));

  const buildTenant = (credentials: TenantCredentials): Tenant => {
    const surface = selectSurface(operations, credentials, filters);
    const findsAccount = credentials.accountId === undefined && credentials.userToken !== undefined;
    const client = new ChatwootClient({
      baseUrl: config.baseUrl,
      credentials,
      timeoutMs: config.timeoutMs,
      maxRetries: config.maxRetries,
      maxRetryAfterSeconds: config.maxRetryAfter,
      userAgent: `chatwoot-mcp/${version}`,
    });
    // With every tool on (the usual case) there is nothing to note: no look at the descriptions at start.
    const isOff = surface.refusals.size > 0 ? (name: string) => surface.refusals.has(name) : undefined;
    const tools = new Map(
      surface.operations.map((operation) => [
        operation.id,
        buildTool(operation, {
          defaultAccountId: credentials.accountId,
          findsAccount,
          draftReplies: config.draftReplies,
          isOff,
          listed: listed?.get(operation.id),
        }),
      ]),
    );
    let index: Promise<SearchIndex> | undefined;
    return {
      tools,
      surface,
      listings: new Map(),
      search: () => {
        index ??= import('./tools/search.js').then((search) => search.buildSearchIndex([...tools.values()]));
        return index;
      },
      defaultAccountId: credentials.accountId,
      findAccount: findsAccount ? accountFinder(client) : undefined,
      redact: createRedactor([
        ...serverSecrets,
        credentials.userToken,
        credentials.agentBotToken,
        credentials.platformToken,
      ]),
      client,
    };
  };

  const cache = new Map<string, Tenant>();
  const tenant = (credentials: TenantCredentials, key: string): Tenant => {
    const found = cache.get(key);
    if (found) {
      cache.delete(key);
      cache.set(key, found);
      return found;
    }
    const built = buildTenant(credentials);
    cache.set(key, built);
    if (cache.size > TENANT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return built;
  };

  const defaultTenant = buildTenant({
    userToken: config.apiToken,
    agentBotToken: config.agentBotToken,
    platformToken: config.platformToken,
    accountId: config.accountId,
  });
  let chatwoot: Promise<string | undefined> | undefined;
  const chatwootVersion = () => {
    chatwoot ??= readChatwootVersion(defaultTenant.client).then(
      (found) => {
        log.info(`Chatwoot ${found} at ${config.baseUrl}`);
        return found;
      },
      (error: unknown) => {
        log.warn(
          `cannot read Chatwoot's version at ${config.baseUrl}/api (${(error as Error).message}): check CHATWOOT_BASE_URL; chatwoot-mcp doctor checks the whole set-up`,
        );
        return undefined;
      },
    );
    return chatwoot;
  };

  return {
    version,
    // Read when first needed: the views are among the details a call reads, not read at start-up.
    get views() {
      return operations[0]?.result.views ?? {};
    },
    baseUrl: config.baseUrl,
    chatwootVersion,
    config,
    log,
    attachments: {
      maxBytes: config.maxAttachmentBytes ?? 40 * 1024 * 1024,
      allowPrivateUrls: config.attachmentAllowPrivateUrls === true,
      directory: config.transport === 'http' ? undefined : config.attachmentDir,
      timeoutMs: config.timeoutMs,
      deadlineMs: config.attachmentTimeoutMs ?? 60_000,
    },
    defaultTenant,
    tenant,
  };
}
