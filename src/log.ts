import type { Redact } from './redact.js';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

/** Lines on stderr only: in stdio mode stdout belongs to the protocol. */
export function createLogger(
  level: LogLevel,
  redact: Redact,
  write: (line: string) => void = writeStderr,
): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const at = (name: LogLevel) => (message: string) => {
    if (LOG_LEVELS.indexOf(name) <= threshold) write(`chatwoot-mcp ${name}: ${redact(message)}\n`);
  };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

/** A log line is never worth a crash: a closed or broken stderr drops it. */
function writeStderr(line: string): void {
  if (process.stderr.destroyed || !process.stderr.writable) return;
  try {
    process.stderr.write(line);
  } catch {
    // Nowhere left to report it.
  }
}
