import { readFileSync } from 'node:fs';
import { loadCatalog } from './catalog/load.js';
import type { Operation } from './catalog/types.js';
import { ChatwootClient, type Credentials } from './chatwoot/client.js';
import type { Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import { packageFile } from './paths.js';
import { createRedactor, type Redact } from './redact.js';
import { buildTool, type ChatwootTool } from './tools/definitions.js';
import { type Surface, selectSurface } from './tools/surface.js';

/** Everything built once per process from the config: shared by every MCP session and every transport. */
export interface Runtime {
  version: string;
  baseUrl: string;
  tools: Map<string, ChatwootTool>;
  surface: Surface;
  client: ChatwootClient;
  log: Logger;
  redact: Redact;
  defaultAccountId: number | undefined;
}

export type RuntimeConfig = Config & { baseUrl: string };

export function packageVersion(): string {
  return (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
}

export function createRuntime(
  config: RuntimeConfig,
  operations: Operation[] = loadCatalog(packageFile('openapi.json')),
) {
  const credentials: Credentials = {
    userToken: config.apiToken,
    agentBotToken: config.agentBotToken,
    platformToken: config.platformToken,
  };
  const redact = createRedactor([config.apiToken, config.agentBotToken, config.platformToken]);
  const version = packageVersion();
  const surface = selectSurface(operations, credentials);
  const tools = new Map(
    surface.operations.map((operation) => [
      operation.id,
      buildTool(operation, { defaultAccountId: config.accountId }),
    ]),
  );
  const runtime: Runtime = {
    version,
    baseUrl: config.baseUrl,
    tools,
    surface,
    client: new ChatwootClient({
      baseUrl: config.baseUrl,
      credentials,
      timeoutMs: config.timeoutMs,
      maxRetries: config.maxRetries,
      maxRetryAfterSeconds: config.maxRetryAfter,
      userAgent: `chatwoot-mcp/${version}`,
    }),
    log: createLogger(config.logLevel, redact),
    redact,
    defaultAccountId: config.accountId,
  };
  return runtime;
}
