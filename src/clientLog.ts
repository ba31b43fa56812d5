import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { type LoggingLevel, SetLevelRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Logger, LogLevel } from './log.js';
import type { Redact } from './redact.js';

const MCP_LEVEL: Record<LogLevel, LoggingLevel> = {
  error: 'error',
  warn: 'warning',
  info: 'info',
  debug: 'debug',
};
const SEVERITY: LoggingLevel[] = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
];
/** Lines sent to one client per second at most; the rest are counted and reported with the next line sent. */
export const CLIENT_LOG_LINES_PER_SECOND = 20;

/**
 * The log of one MCP session: every line goes to stderr as before, and the lines of this session's own work are
 * also sent to its client as notifications/message (MCP logging), at or above the level it chose with
 * logging/setLevel (warning until it chooses), redacted with its tenant's secrets and bounded in rate. Lines of
 * other sessions never reach it.
 */
export function clientLogger(base: Logger, server: Server, redact: Redact): Logger {
  let threshold: LoggingLevel = 'warning';
  server.setRequestHandler(SetLevelRequestSchema, (request) => {
    threshold = request.params.level;
    return {};
  });
  let windowStart = 0;
  let sent = 0;
  let dropped = 0;
  const notify = (level: LogLevel, message: string) => {
    const mcpLevel = MCP_LEVEL[level];
    if (SEVERITY.indexOf(mcpLevel) < SEVERITY.indexOf(threshold)) return;
    const now = Date.now();
    if (now - windowStart >= 1000) {
      windowStart = now;
      sent = 0;
    }
    if (++sent > CLIENT_LOG_LINES_PER_SECOND) return void dropped++;
    const note = dropped > 0 ? ` (${dropped} earlier lines dropped: too many per second)` : '';
    dropped = 0;
    server
      .sendLoggingMessage({ level: mcpLevel, logger: 'chatwoot-mcp', data: redact(`${message}${note}`) })
      .catch(() => {});
  };
  const at = (level: LogLevel) => (message: string) => {
    base[level](message);
    notify(level, message);
  };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
