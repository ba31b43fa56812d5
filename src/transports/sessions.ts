import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

export interface Session {
  kind: 'streamable' | 'sse';
  transport: Transport;
  server: Server;
  /** Fingerprint of the credentials the session was opened with; later requests must carry the same. */
  tenant: string;
  lastSeen: number;
}

/** The open MCP sessions of the HTTP server: a cap on how many, and an idle timeout. */
export class SessionRegistry {
  readonly #sessions = new Map<string, Session>();
  readonly #sweeper: NodeJS.Timeout;

  constructor(
    readonly maxSessions: number,
    idleTimeoutMs: number,
    onExpire: (id: string) => void,
  ) {
    this.#sweeper = setInterval(
      () => {
        const cutoff = Date.now() - idleTimeoutMs;
        for (const [id, session] of this.#sessions) {
          if (session.lastSeen < cutoff) {
            onExpire(id);
            void this.close(id);
          }
        }
      },
      Math.min(idleTimeoutMs, 60_000),
    );
    this.#sweeper.unref();
  }

  get size(): number {
    return this.#sessions.size;
  }

  get full(): boolean {
    return this.#sessions.size >= this.maxSessions;
  }

  add(id: string, session: Session): void {
    this.#sessions.set(id, session);
  }

  /** The session, marked as used now. */
  use(id: string): Session | undefined {
    const session = this.#sessions.get(id);
    if (session) session.lastSeen = Date.now();
    return session;
  }

  forget(id: string): void {
    this.#sessions.delete(id);
  }

  async close(id: string): Promise<void> {
    const session = this.#sessions.get(id);
    this.#sessions.delete(id);
    await session?.server.close().catch(() => {});
  }

  async closeAll(): Promise<void> {
    clearInterval(this.#sweeper);
    await Promise.all([...this.#sessions.keys()].map((id) => this.close(id)));
  }
}
