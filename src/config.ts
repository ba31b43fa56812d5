import { parseArgs } from 'node:util';
import type * as z from 'zod';
import type { LOG_LEVELS } from './log.js';
import { ATTACHMENT_SETTINGS } from './settings/attachments.js';
import { CHATWOOT_SETTINGS } from './settings/chatwoot.js';
import { EVENT_SETTINGS } from './settings/events.js';
import type { Setting } from './settings/schemas.js';
import { TOOL_SETTINGS } from './settings/tools.js';
import { TRANSPORT_SETTINGS } from './settings/transport.js';

/** Every setting: its flag, its environment variable, its default. Flags win over the environment. */
export const SETTINGS = {
  ...CHATWOOT_SETTINGS,
  ...TOOL_SETTINGS,
  ...ATTACHMENT_SETTINGS,
  ...TRANSPORT_SETTINGS,
  ...EVENT_SETTINGS,
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
  attachmentTimeoutMs: number;
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
  maxIdleConnections: number;
  maxBodyBytes: number;
  perRequestCredentials: boolean;
  readyCheckChatwoot: boolean;
  shutdownTimeout: number;
  webhookAllowUnsigned: boolean;
  webhookTolerance: number;
  webhookMaxBytes: number;
  pollInterval: number;
  eventsKeep: number;
  eventsKeepSeconds: number;
};

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export type ParsedCommandLine =
  | { kind: 'help' }
  | { kind: 'version' }
  /** run: serve; report: print the listing's tokens; doctor: check the set-up against Chatwoot. */
  | { kind: 'run' | 'report' | 'doctor'; config: Config; notices: string[] }
  | { kind: 'invalid'; problems: string[] };

const COMMANDS = ['doctor'] as const;

export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv): ParsedCommandLine {
  const entries = Object.entries(SETTINGS) as [keyof Settings, Setting][];
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    const options = Object.fromEntries(
      entries.map(([, setting]) => [setting.flag, { type: setting.boolean ? 'boolean' : 'string' } as const]),
    );
    parsed = parseArgs({
      args: argv,
      options: {
        ...options,
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        report: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    return { kind: 'invalid', problems: [`${(error as Error).message} (see --help)`] };
  }
  const { values } = parsed;
  const [command, ...extra] = parsed.positionals;
  if (extra.length > 0 || (command !== undefined && !(COMMANDS as readonly string[]).includes(command))) {
    return {
      kind: 'invalid',
      problems: [
        `unknown command "${parsed.positionals.join(' ')}": the only command is doctor (see --help)`,
      ],
    };
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const problems: string[] = [];
  const notices: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, setting] of entries) {
    const fromFlag = values[setting.flag];
    const raw = fromFlag === undefined ? (env[setting.env] ?? setting.default) : String(fromFlag);
    if (raw === undefined || (raw === '' && !setting.boolean)) continue;
    const checked = setting.schema.safeParse(raw);
    if (checked.success) {
      config[key] = checked.data;
      const notice = setting.notice?.(raw);
      if (notice) notices.push(notice);
    } else {
      // A password in a URL is a secret too: the value is not repeated then.
      const shown = setting.secret || /\/\/[^/]*@/.test(raw) ? '' : `, got ${JSON.stringify(raw)}`;
      problems.push(
        `${setting.env} (--${setting.flag}) ${checked.error.issues[0]?.message ?? 'is invalid'}${shown}`,
      );
    }
  }
  const invalid = (setting: Setting) => problems.some((line) => line.startsWith(`${setting.env} `));
  if (!config.baseUrl && !config.sandbox && !values.report && !invalid(SETTINGS.baseUrl)) {
    problems.push(
      `${SETTINGS.baseUrl.env} (--${SETTINGS.baseUrl.flag}) is required (or use --sandbox to try the built-in one)`,
    );
  }
  if (
    config.transport === 'http' &&
    typeof config.host === 'string' &&
    !isLoopback(config.host) &&
    !config.authToken &&
    !invalid(SETTINGS.authToken)
  ) {
    problems.push(
      `${SETTINGS.authToken.env} (--${SETTINGS.authToken.flag}) is required to listen on ${config.host}: without it anyone who can reach the port could use your Chatwoot`,
    );
  }
  if (problems.length > 0) return { kind: 'invalid', problems };
  const kind = command === 'doctor' ? 'doctor' : values.report ? 'report' : 'run';
  return { kind, config: config as Config, notices };
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
    'Usage: chatwoot-mcp [options]           serve MCP clients (settings come from flags or environment variables)',
    '       chatwoot-mcp doctor [options]    check the set-up: reach Chatwoot, try each token, check the account',
    '',
    `  ${'flag'.padEnd(26)} ${'environment'.padEnd(26)} meaning`,
    ...rows,
    `  ${'--help, -h'.padEnd(53)} Show this text.`,
    `  ${'--version, -v'.padEnd(53)} Show the version.`,
    `  ${'--report'.padEnd(53)} Print each listed tool's tokens for these settings, and exit.`,
    '',
  ].join('\n');
}
