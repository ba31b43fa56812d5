// `node dist/healthcheck.js [pid]`: the container's HEALTHCHECK. It asks /healthz on the port the server process
// (pid 1, the container's main process, unless another pid is given) actually listens on: its command line and
// environment, read from /proc and parsed as the server parsed them, so `--port 9000` after the image name and
// `-e MCP_PORT=9000` are both followed. Exit 0 when healthy, 1 otherwise; nothing is printed.
import { readFileSync } from 'node:fs';
import { parseCommandLine } from './config.js';

function serverSettings(pid: string): { argv: string[]; env: NodeJS.ProcessEnv } {
  const read = (file: string) => readFileSync(`/proc/${pid}/${file}`, 'utf8').split('\0').filter(Boolean);
  try {
    const command = read('cmdline');
    const script = command.findIndex((part) => part.endsWith('cli.js'));
    const env = Object.fromEntries(
      read('environ').map((entry) => [
        entry.slice(0, entry.indexOf('=')),
        entry.slice(entry.indexOf('=') + 1),
      ]),
    );
    if (script >= 0) return { argv: command.slice(script + 1), env };
  } catch {
    // No /proc (not Linux) or not ours to read: the settings this check was started with.
  }
  return { argv: process.argv.slice(3), env: process.env };
}

const { argv, env } = serverSettings(process.argv[2] ?? '1');
const command = parseCommandLine(argv, env);
if (command.kind !== 'run' || command.config.transport !== 'http') process.exit(1);
const { host, port } = command.config;
const target = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
fetch(`http://${target}:${port}/healthz`, { signal: AbortSignal.timeout(4000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
