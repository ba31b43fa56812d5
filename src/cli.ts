import { helpText, parseCommandLine } from './config.js';
import { createRuntime, packageVersion, type RuntimeConfig, SettingsError } from './runtime.js';
import { serveStdio } from './transports/stdio.js';

async function main(): Promise<void> {
  const command = parseCommandLine(process.argv.slice(2), process.env);
  if (command.kind === 'help') return void process.stdout.write(helpText(packageVersion()));
  if (command.kind === 'version') return void process.stdout.write(`${packageVersion()}\n`);
  if (command.kind === 'invalid') {
    for (const problem of command.problems) process.stderr.write(`chatwoot-mcp: ${problem}\n`);
    process.exit(2);
  }

  const config = command.config;
  if (command.kind === 'report' && !config.baseUrl) config.baseUrl = 'http://chatwoot.invalid';
  const stops: (() => Promise<void>)[] = [];
  if (config.sandbox) {
    const { startSandbox, SANDBOX_TOKENS } = await import('./sandbox/index.js');
    const sandbox = await startSandbox();
    stops.push(() => sandbox.close());
    config.baseUrl = sandbox.url;
    config.apiToken ??= SANDBOX_TOKENS.user;
    config.platformToken ??= SANDBOX_TOKENS.platform;
    config.accountId ??= sandbox.info.accountId;
  }

  let runtime: ReturnType<typeof createRuntime>;
  try {
    runtime = createRuntime(config as RuntimeConfig);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    process.stderr.write(`chatwoot-mcp: ${error.message}\n`);
    process.exit(2);
  }
  if (command.kind === 'report') {
    const { tokenReport } = await import('./report.js');
    process.stdout.write(await tokenReport(runtime));
    for (const stop of stops) await stop();
    return;
  }
  const { log, defaultTenant } = runtime;
  // A reader of stderr that went away must not turn each log line into another error (and so into a loop).
  process.stderr.on('error', () => {});
  process.on('uncaughtException', (error) => log.error(`unexpected error: ${error.stack ?? error.message}`));
  process.on('unhandledRejection', (reason) => log.error(`unexpected rejection: ${String(reason)}`));

  let stopping = false;
  const shutdown = (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${reason}: shutting down`);
    void stops
      .reduce((previous, stop) => previous.then(stop, stop), Promise.resolve())
      .finally(() => process.exit(0));
  };
  process.stdout.on('error', (error: NodeJS.ErrnoException) =>
    shutdown(`stdout closed (${error.code ?? error.message})`),
  );
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  let where: string;
  if (config.transport === 'http') {
    const { serveHttp } = await import('./transports/http.js');
    const http = await serveHttp(runtime);
    stops.unshift(() => http.shutdown());
    where = `MCP clients at ${http.url}/mcp (Streamable HTTP) and ${http.url}/sse (HTTP+SSE)`;
  } else {
    await serveStdio(runtime, () => shutdown('client closed stdin'));
    where = 'an MCP client on stdin/stdout';
  }

  const target = config.sandbox ? `the built-in sandbox Chatwoot at ${runtime.baseUrl}` : runtime.baseUrl;
  log.info(`${runtime.version} serving ${defaultTenant.tools.size} tools for ${target}`);
  for (const [family, status] of Object.entries(defaultTenant.surface.families))
    log.info(`  ${family} API: ${status}`);
  if (defaultTenant.defaultAccountId !== undefined)
    log.info(`  default account: ${defaultTenant.defaultAccountId}`);
  if (config.transport === 'http') {
    log.info(
      `  ${config.stateless ? 'stateless (no sessions)' : `sessions: up to ${config.maxSessions}, closed after ${config.sessionIdleTimeout} s idle`}; ` +
        `${config.authToken ? 'bearer token required' : 'no bearer token (loopback only)'}` +
        `${config.perRequestCredentials ? '; per-request credentials in X-Chatwoot-* headers' : ''}`,
    );
  }
  log.info(`waiting for ${where}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`chatwoot-mcp: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
