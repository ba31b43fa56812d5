import { parseArgs } from 'node:util';
import * as z from 'zod';
import { LOG_LEVELS } from './log.js';
import { TOOLSETS } from './tools/toolsets.js';

interface Setting {
  flag: string;
  env: string;
  description: string;
  schema: z.ZodType;
  boolean?: boolean;
  secret?: boolean;
  default?: string;
}

const positiveInteger = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .positive('must be positive');
const boolean = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((value) => ['1', 'true', 'yes'].includes(value));
const token = z.string().trim().min(1, 'must not be empty');
const list = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== ''),
);
const seconds = (max: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1).max(max);

/** Every setting: its flag, its environment variable, its default. Flags win over the environment. */
export const SETTINGS = {
  baseUrl: {
    flag: 'base-url',
    env: 'CHATWOOT_BASE_URL',
    description: 'Address of your Chatwoot, e.g. https://app.chatwoot.com (required unless --sandbox).',
    schema: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://chatwoot.example.com' })
      .transform((url) => url.replace(/\/+$/, '')),
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
    description: 'Default account id: makes account_id optional in every tool.',
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
    schema: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0).max(10),
    default: '2',
  },
  maxRetryAfter: {
    flag: 'max-retry-after',
    env: 'CHATWOOT_MAX_RETRY_AFTER',
    description: 'Longest Retry-After (seconds) waited out on a 429; a longer one is returned to the agent.',
    schema: z.coerce.number({ error: 'must be a number' }).int().min(0).max(3600),
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
  toolsets: {
    flag: 'toolsets',
    env: 'CHATWOOT_TOOLSETS',
    description: `Toolsets to offer, comma-separated: all, default, or any of ${TOOLSETS.join(', ')}. Without it: default (all with --sandbox).`,
    schema: list.refine((names) => names.every((name) => ['all', 'default', ...TOOLSETS].includes(name)), {
      error: `must name toolsets among all, default, ${TOOLSETS.join(', ')}`,
    }),
  },
  tools: {
    flag: 'tools',
    env: 'CHATWOOT_TOOLS',
    description: 'Single tools to offer on top of the toolsets, comma-separated.',
    schema: list,
  },
  excludeTools: {
    flag: 'exclude-tools',
    env: 'CHATWOOT_EXCLUDE_TOOLS',
    description: 'Tools never to offer, comma-separated.',
    schema: list,
  },
  readOnly: {
    flag: 'read-only',
    env: 'CHATWOOT_READ_ONLY',
    description: 'Offer only tools that read; every write is refused, whatever else is set.',
    schema: boolean,
    boolean: true,
    default: 'false',
  },
  toolMode: {
    flag: 'tool-mode',
    env: 'CHATWOOT_TOOL_MODE',
    description:
      'full (one tool per operation), dynamic (search, describe and call tools), or auto (full when it fits).',
    schema: z.enum(['full', 'dynamic', 'auto'], { error: 'must be full, dynamic or auto' }),
    default: 'auto',
  },
  toolBudget: {
    flag: 'tool-budget',
    env: 'CHATWOOT_TOOL_BUDGET',
    description: 'Auto mode: most tokens the tool list may cost before the rest goes behind dynamic search.',
    schema: positiveInteger.max(1_000_000),
    default: '10000',
  },
  maxResultTokens: {
    flag: 'max-result-tokens',
    env: 'CHATWOOT_MAX_RESULT_TOKENS',
    description:
      'Results larger than this (estimated tokens) are cut at a clean JSON boundary, with a marker.',
    schema: positiveInteger.max(1_000_000),
    default: '8000',
  },
  draftReplies: {
    flag: 'draft-replies',
    env: 'CHATWOOT_DRAFT_REPLIES',
    description: 'Copilot mode: messages to customers are saved as private notes for a human to send.',
    schema: boolean,
    boolean: true,
    default: 'false',
  },
  confirmDestructive: {
    flag: 'confirm-destructive',
    env: 'CHATWOOT_CONFIRM_DESTRUCTIVE',
    description:
      'Ask the user before deleting (MCP elicitation), or require confirm: true where the client cannot ask.',
    schema: boolean,
    boolean: true,
    default: 'false',
  },
  attachmentDir: {
    flag: 'attachment-dir',
    env: 'CHATWOOT_ATTACHMENT_DIR',
    description: 'stdio only: files under this directory may be sent as attachments by path.',
    schema: z.string().trim().min(1, 'must not be empty'),
  },
  attachmentAllowPrivateUrls: {
    flag: 'attachment-allow-private-urls',
    env: 'CHATWOOT_ATTACHMENT_ALLOW_PRIVATE_URLS',
    description:
      'Let attachment URLs point at loopback or private addresses (off: no server-side request forgery).',
    schema: boolean,
    boolean: true,
    default: 'false',
  },
  maxAttachmentBytes: {
    flag: 'max-attachment-bytes',
    env: 'CHATWOOT_MAX_ATTACHMENT_BYTES',
    description: 'Largest file accepted as an attachment (Chatwoot allows 40 MB).',
    schema: positiveInteger.max(1024 * 1024 * 1024),
    default: '41943040',
  },
  transport: {
    flag: 'transport',
    env: 'MCP_TRANSPORT',
    description:
      'How MCP clients connect: stdio (a local client starts this process) or http (a network server).',
    schema: z.enum(['stdio', 'http'], { error: 'must be stdio or http' }),
    default: 'stdio',
  },
  host: {
    flag: 'host',
    env: 'MCP_HOST',
    description: 'HTTP: address to listen on. Any other than loopback requires MCP_AUTH_TOKEN.',
    schema: z.string().trim().min(1, 'must not be empty'),
    default: '127.0.0.1',
  },
  port: {
    flag: 'port',
    env: 'MCP_PORT',
    description: 'HTTP: port to listen on (0 picks a free one).',
    schema: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0).max(65535),
    default: '8080',
  },
  authToken: {
    flag: 'auth-token',
    env: 'MCP_AUTH_TOKEN',
    description: 'HTTP: bearer token every MCP request must carry (Authorization: Bearer …).',
    schema: z.string().trim().min(16, 'must be at least 16 characters'),
    secret: true,
  },
  allowedHosts: {
    flag: 'allowed-hosts',
    env: 'MCP_ALLOWED_HOSTS',
    description:
      'HTTP: Host header values accepted, comma-separated (default: loopback names when bound to loopback).',
    schema: list,
  },
  allowedOrigins: {
    flag: 'allowed-origins',
    env: 'MCP_ALLOWED_ORIGINS',
    description: 'HTTP: browser Origins accepted, comma-separated (default: loopback origins only).',
    schema: list,
  },
  stateless: {
    flag: 'stateless',
    env: 'MCP_STATELESS',
    description:
      'HTTP: no sessions; every request gets a fresh server, so replicas need no session affinity.',
    schema: boolean,
    boolean: true,
    default: 'false',
  },
  sessionIdleTimeout: {
    flag: 'session-idle-timeout',
    env: 'MCP_SESSION_IDLE_TIMEOUT',
    description: 'HTTP: seconds after which an unused session is closed.',
    schema: seconds(86_400),
    default: '1800',
  },
  maxSessions: {
    flag: 'max-sessions',
    env: 'MCP_MAX_SESSIONS',
    description: 'HTTP: open sessions at most; a new one beyond that is refused with 503.',
    schema: positiveInteger.max(100_000),
    default: '1000',
  },
  maxBodyBytes: {
    flag: 'max-body-bytes',
    env: 'MCP_MAX_BODY_BYTES',
    description: 'HTTP: largest request body accepted; a larger one gets 413.',
    schema: positiveInteger.max(512 * 1024 * 1024),
    default: '4194304',
  },
  perRequestCredentials: {
    flag: 'per-request-credentials',
    env: 'MCP_PER_REQUEST_CREDENTIALS',
    description: 'HTTP: let each request bring its own Chatwoot token and account in X-Chatwoot-* headers.',
    schema: boolean,
    boolean: true,
    default: 'false',
  },
  readyCheckChatwoot: {
    flag: 'ready-check-chatwoot',
    env: 'MCP_READY_CHECK_CHATWOOT',
    description: 'HTTP: /readyz also checks that Chatwoot answers.',
    schema: boolean,
    boolean: true,
    default: 'false',
  },
  shutdownTimeout: {
    flag: 'shutdown-timeout',
    env: 'MCP_SHUTDOWN_TIMEOUT',
    description: 'HTTP: seconds that calls in flight get to finish after SIGTERM.',
    schema: seconds(3600),
    default: '10',
  },
} satisfies Record<string, Setting>;

type Settings = typeof SETTINGS;
export type Config = { [K in keyof Settings]: z.output<Settings[K]['schema']> | undefined } & {
  timeoutMs: number;
  maxRetries: number;
  maxRetryAfter: number;
  sandbox: boolean;
  logLevel: (typeof LOG_LEVELS)[number];
  readOnly: boolean;
  attachmentAllowPrivateUrls: boolean;
  maxAttachmentBytes: number;
  toolMode: 'full' | 'dynamic' | 'auto';
  toolBudget: number;
  maxResultTokens: number;
  draftReplies: boolean;
  confirmDestructive: boolean;
  transport: 'stdio' | 'http';
  host: string;
  port: number;
  stateless: boolean;
  sessionIdleTimeout: number;
  maxSessions: number;
  maxBodyBytes: number;
  perRequestCredentials: boolean;
  readyCheckChatwoot: boolean;
  shutdownTimeout: number;
};

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export type ParsedCommandLine =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'report'; config: Config }
  | { kind: 'run'; config: Config }
  | { kind: 'invalid'; problems: string[] };

export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv): ParsedCommandLine {
  const entries = Object.entries(SETTINGS) as [keyof Settings, Setting][];
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries(
      entries.map(([, setting]) => [setting.flag, { type: setting.boolean ? 'boolean' : 'string' } as const]),
    );
    values = parseArgs({
      args: argv,
      options: {
        ...options,
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        report: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return { kind: 'invalid', problems: [`${(error as Error).message} (see --help)`] };
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, setting] of entries) {
    const fromFlag = values[setting.flag];
    const raw = fromFlag === undefined ? (env[setting.env] ?? setting.default) : String(fromFlag);
    if (raw === undefined || (raw === '' && !setting.boolean)) continue;
    const parsed = setting.schema.safeParse(raw);
    if (parsed.success) config[key] = parsed.data;
    else {
      const shown = setting.secret ? '' : `, got ${JSON.stringify(raw)}`;
      problems.push(
        `${setting.env} (--${setting.flag}) ${parsed.error.issues[0]?.message ?? 'is invalid'}${shown}`,
      );
    }
  }
  if (
    !config.baseUrl &&
    !config.sandbox &&
    !values.report &&
    !problems.some((line) => line.startsWith(SETTINGS.baseUrl.env))
  ) {
    problems.push(
      `${SETTINGS.baseUrl.env} (--${SETTINGS.baseUrl.flag}) is required (or use --sandbox to try the built-in one)`,
    );
  }
  if (
    config.transport === 'http' &&
    typeof config.host === 'string' &&
    !isLoopback(config.host) &&
    !config.authToken
  ) {
    problems.push(
      `${SETTINGS.authToken.env} (--${SETTINGS.authToken.flag}) is required to listen on ${config.host}: without it anyone who can reach the port could use your Chatwoot`,
    );
  }
  if (problems.length > 0) return { kind: 'invalid', problems };
  return { kind: values.report ? 'report' : 'run', config: config as Config };
}

export function helpText(version: string): string {
  const rows = Object.values(SETTINGS as Record<string, Setting>).map((setting) => {
    const flag = setting.boolean ? `--${setting.flag}` : `--${setting.flag} <value>`;
    const fallback = setting.default !== undefined ? ` (default: ${setting.default})` : '';
    return `  ${flag.padEnd(26)} ${setting.env.padEnd(26)} ${setting.description}${fallback}`;
  });
  return [
    `chatwoot-mcp ${version}: every Chatwoot REST API action as an MCP tool, over stdio or HTTP.`,
    '',
    'Usage: chatwoot-mcp [options]    (settings come from flags or environment variables)',
    '',
    `  ${'flag'.padEnd(26)} ${'environment'.padEnd(26)} meaning`,
    ...rows,
    `  ${'--help, -h'.padEnd(53)} Show this text.`,
    `  ${'--version, -v'.padEnd(53)} Show the version.`,
    `  ${'--report'.padEnd(53)} Print each listed tool's tokens for these settings, and exit.`,
    '',
  ].join('\n');
}
