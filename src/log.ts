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

/**
 * The first line of a turn of the event loop is written at once; the lines that follow it in the same turn go out
 * together at its end, in one write. stderr is most often a pipe, where each write is a system call that blocks,
 * and an HTTP server under load finishes many requests in one turn, each with its log line. Order is kept; what is
 * pending at exit is written then.
 */
let pending: string | undefined;
function writeStderr(line: string): void {
  if (pending !== undefined) {
    pending += line;
    return;
  }
  pending = '';
  setImmediate(flushStderr);
  if (!flushesAtExit) {
    flushesAtExit = true;
    process.once('exit', flushStderr);
  }
  writeNow(line);
}
let flushesAtExit = false;

function flushStderr(): void {
  const lines = pending;
  pending = undefined;
  if (lines) writeNow(lines);
}

/** A log line is never worth a crash: a closed or broken stderr drops it. */
function writeNow(text: string): void {
  if (process.stderr.destroyed || !process.stderr.writable) return;
  try {
    process.stderr.write(text);
  } catch {
    // Nowhere left to report it.
  }
}
