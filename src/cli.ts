import { helpText, parseCommandLine, SETTINGS } from './config.js';
import { createRuntime, packageVersion, type Runtime, type RuntimeConfig, SettingsError } from './runtime.js';
import type { Sandbox } from './sandbox/index.js';
import { eventsMode } from './settings/events.js';
import { META_TOOLS } from './tools/dynamic.js';
import { chooseListing } from './tools/modes.js';
import { serveStdio } from './transports/stdio.js';

const SANDBOX_OVERRIDES = ['baseUrl', 'apiToken', 'agentBotToken', 'platformToken', 'accountId'] as const;

/** How many of the tools a client sees listed, when that is not all of them (auto and dynamic modes). */
function listingSummary({ config, defaultTenant }: Runtime): string {
  const tools = [...defaultTenant.tools.values()];
  const listing = chooseListing(tools, (tool) => tool, {
    mode: config.toolMode,
    budget: config.toolBudget,
  });
  if (!listing.dynamic) return '';
  if (config.toolMode === 'dynamic')
    return ' (dynamic mode: clients see search_tools, describe_tools and call_tool, which reach every one)';
  const listed = listing.size - META_TOOLS.length;
  return (
    ` (auto mode: ${listed} listed within the ${config.toolBudget}-token tool budget, CHATWOOT_TOOL_BUDGET, and every one` +
    ' reachable through search_tools and call_tool; clients with a tool cap such as Cursor get fewer listed)'
  );
}

async function main(): Promise<void> {
  const command = parseCommandLine(process.argv.slice(2), process.env);
  if (command.kind === 'help') return void process.stdout.write(helpText(packageVersion()));
  if (command.kind === 'version') return void process.stdout.write(`${packageVersion()}\n`);
  if (command.kind === 'invalid') {
    for (const problem of command.problems) process.stderr.write(`chatwoot-mcp: ${problem}\n`);
    process.exit(2);
  }

  const config = command.config;
  const notices = [...command.notices];
  if (command.kind === 'report' && !config.baseUrl) config.baseUrl = 'http://chatwoot.invalid';
  const stops: (() => Promise<void>)[] = [];
  const events = command.kind === 'run' ? eventsMode(config) : 'off';
  // The sandbox signs the webhooks it sends to this server with a secret of the moment.
  // node:crypto is imported only here: as an ES module it costs every start-up a few ms (all of webcrypto).
  if (config.sandbox && events === 'webhook' && !config.webhookSecrets?.length) {
    const { randomBytes } = await import('node:crypto');
    config.webhookSecrets = [randomBytes(24).toString('base64url')];
  }
  let sandbox: Sandbox | undefined;
  if (config.sandbox) {
    const { startSandbox, SANDBOX_TOKENS } = await import('./sandbox/index.js');
    // A real token or account from the shell means nothing to the sandbox: every call would fail with 401.
    const ignored = SANDBOX_OVERRIDES.filter((key) => config[key] !== undefined).map(
      (key) => SETTINGS[key].env,
    );
    if (ignored.length > 0)
      notices.push(
        `--sandbox: ignoring ${ignored.join(', ')}: the built-in sandbox has its own address and tokens`,
      );
    const started = await startSandbox();
    sandbox = started;
    stops.push(() => started.close());
    Object.assign(config, {
      baseUrl: started.url,
      apiToken: SANDBOX_TOKENS.user,
      agentBotToken: undefined,
      platformToken: SANDBOX_TOKENS.platform,
      accountId: started.info.accountId,
    });
  }

  let runtime: ReturnType<typeof createRuntime>;
  try {
    runtime = createRuntime(config as RuntimeConfig);
    if (events !== 'off') {
      const { startEvents } = await import('./events/index.js');
      runtime.events = await startEvents(runtime, events);
    }
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    process.stderr.write(`chatwoot-mcp: ${error.message}\n`);
    process.exit(2);
  }
  const { log, defaultTenant } = runtime;
  for (const notice of notices) log.warn(notice);
  if (command.kind === 'report') {
    const { tokenReport } = await import('./report.js');
    process.stdout.write(await tokenReport(runtime));
    for (const stop of stops) await stop();
    return;
  }
  if (command.kind === 'doctor') {
    const { doctor } = await import('./doctor.js');
    const problems = await doctor(runtime, (line) => process.stdout.write(`${line}\n`));
    for (const stop of stops) await stop();
    process.exit(problems === 0 ? 0 : 1);
  }
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
      .finally(() => {
        // An answer still on its way out (stdin closed right after its request) is written whole first; a
        // reader that stopped reading gets a second.
        setTimeout(() => process.exit(0), 1000).unref();
        process.stdout.write('', () => process.exit(0));
      });
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
    const webhook = runtime.events?.webhook;
    if (webhook) {
      log.info(`events: Chatwoot webhook URL ${http.url}${webhook.path}`);
      sandbox?.addWebhook(`${http.url}${webhook.path}`, config.webhookSecrets?.[0] ?? '');
    }
  } else {
    await serveStdio(runtime, () => shutdown('client closed stdin'));
    where = 'an MCP client on stdin/stdout';
  }

  const target = config.sandbox ? `the built-in sandbox Chatwoot at ${runtime.baseUrl}` : runtime.baseUrl;
  log.info(
    `${runtime.version} serving ${defaultTenant.tools.size} tools for ${target}${listingSummary(runtime)}`,
  );
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
  const { events: started } = runtime;
  // First on the way out: waiting agents get their answer (and cursor) at once, not at the shutdown timeout.
  if (started) stops.unshift(() => started.close());
  for (const line of started?.describe() ?? []) log.info(`  ${line}`);
  log.info(`waiting for ${where}`);
  // A long-lived server says at once which Chatwoot it serves, or that it cannot reach it; stdio reads it when a
  // tool needs it, so that a short session costs Chatwoot nothing more than its calls.
  if (config.transport === 'http') void runtime.chatwootVersion();
}

main().catch((error: unknown) => {
  process.stderr.write(`chatwoot-mcp: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
