import { helpText, parseCommandLine } from './config.js';
import { createRuntime, packageVersion, type RuntimeConfig } from './runtime.js';
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
  let stopSandbox = async () => {};
  if (config.sandbox) {
    const { startSandbox, SANDBOX_TOKENS } = await import('./sandbox/index.js');
    const sandbox = await startSandbox();
    stopSandbox = () => sandbox.close();
    config.baseUrl = sandbox.url;
    config.apiToken ??= SANDBOX_TOKENS.user;
    config.platformToken ??= SANDBOX_TOKENS.platform;
    config.accountId ??= sandbox.info.accountId;
  }

  const runtime = createRuntime(config as RuntimeConfig);
  const { log, surface } = runtime;
  process.on('uncaughtException', (error) => log.error(`unexpected error: ${error.stack ?? error.message}`));
  process.on('unhandledRejection', (reason) => log.error(`unexpected rejection: ${String(reason)}`));

  const shutdown = () => void stopSandbox().finally(() => process.exit(0));
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  await serveStdio(runtime, shutdown);
  log.info(
    `${runtime.version} serving ${runtime.tools.size} tools for ${config.sandbox ? `the built-in sandbox Chatwoot at ${runtime.baseUrl}` : runtime.baseUrl}`,
  );
  for (const [family, status] of Object.entries(surface.families)) log.info(`  ${family} API: ${status}`);
  if (runtime.defaultAccountId !== undefined) log.info(`  default account: ${runtime.defaultAccountId}`);
  log.info('waiting for an MCP client on stdin/stdout');
}

main().catch((error: unknown) => {
  process.stderr.write(`chatwoot-mcp: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
