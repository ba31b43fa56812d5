import type { AddressInfo } from 'node:net';
import { buildRouter } from './routes/index.js';
import { createSandboxServer } from './server.js';
import { SEED, seededStore } from './store/seed.js';
import { sendWebhooks } from './webhooks.js';

export { SANDBOX_TOKENS } from './tokens.js';

export interface SandboxInfo {
  accountId: number;
  inboxIdentifier: string;
  contactIdentifier: string;
  conversationId: number;
}

export interface Sandbox {
  url: string;
  info: SandboxInfo;
  /** An account webhook of the seeded account, as create_webhook makes one: signed with `secret`. */
  addWebhook(url: string, secret: string, subscriptions?: string[]): void;
  close(): Promise<void>;
}

/** An in-memory Chatwoot with seeded demo data, served over HTTP until `close()`. */
export async function startSandbox(options: { port?: number; host?: string } = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  let url = '';
  const store = seededStore();
  const server = createSandboxServer(buildRouter(), store, () => url);
  sendWebhooks(store, () => url);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${urlHost(host)}:${port}`;
  return {
    url,
    info: { ...SEED },
    addWebhook: (
      hookUrl,
      secret,
      subscriptions = ['conversation_created', 'conversation_status_changed', 'message_created'],
    ) =>
      void store.table('webhooks').push({
        id: store.nextId('webhooks'),
        account_id: SEED.accountId,
        url: hookUrl,
        name: 'chatwoot-mcp',
        subscriptions,
        secret,
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
