import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Random per run (see canaryCheck.ts): every canary starts with it, so any copy comes from this run. */
    canaryRun: string;
    /** Where the tests write everything they receive from servers, for the final check to read. */
    captureDir: string;
  }
}

const run = inject('canaryRun');
const captureDir = inject('captureDir');

/** A secret of this run. It starts with the run id, so that even a cut-off copy of it is found. */
export const canary = (name: string): string => `${run}-${name}`;

export const CANARY = {
  userToken: canary('user-token'),
  agentBotToken: canary('agent-bot-token'),
  platformToken: canary('platform-token'),
  mcpAuthToken: canary('mcp-auth-token'),
};

/** The environment of a server that holds every canary token. */
export const CANARY_ENV = {
  CHATWOOT_API_TOKEN: CANARY.userToken,
  CHATWOOT_AGENT_BOT_TOKEN: CANARY.agentBotToken,
  CHATWOOT_PLATFORM_TOKEN: CANARY.platformToken,
  MCP_AUTH_TOKEN: CANARY.mcpAuthToken,
};

const file = (name: string) => join(captureDir, `${name}-${process.pid}.txt`);

/** Keeps what a test received (a tool result, a log line, a request a foreign host got) for the final check. */
export function capture(source: string, text: string): void {
  appendFileSync(file('capture'), `--- ${source}\n${text}\n`);
}

/**
 * Notes the secrets of a server's environment (every `*_TOKEN`, each of a `*_SECRET` list), so that the final
 * check looks for them too: tests that use fixed tokens of their own are covered as well as the canaries.
 */
export function registerSecrets(env: Record<string, string | undefined>): void {
  const secrets = Object.entries(env)
    .flatMap(([name, value = '']) =>
      name.endsWith('_SECRET') ? value.split(',') : name.endsWith('_TOKEN') ? [value] : [],
    )
    .filter((value) => value.trim().length >= 8);
  if (secrets.length > 0) appendFileSync(file('secrets'), `${secrets.join('\n')}\n`);
}

/** Captures every message a client transport receives: results, errors, notifications. */
export function captureMessages<T extends Transport>(transport: T, source: string): T {
  let handler: Transport['onmessage'];
  Object.defineProperty(transport, 'onmessage', {
    configurable: true,
    get: () => handler,
    set: (next: Transport['onmessage']) => {
      handler =
        next &&
        ((message, extra) => {
          capture(source, JSON.stringify(message));
          next(message, extra);
        });
    },
  });
  return transport;
}
