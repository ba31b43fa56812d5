/** Callers waiting for the next event: one timer and one entry each, all woken at once. */
export class Waiters {
  readonly #waiting = new Set<() => void>();
  #closed = false;

  get size(): number {
    return this.#waiting.size;
  }

  /**
   * Resolves at the next wake(), after `ms`, or when the signal aborts, whichever comes first: true, or false once
   * closed.
   */
  wait(ms: number, signal?: AbortSignal): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    if (signal?.aborted || ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.#waiting.delete(done);
        resolve(!this.#closed);
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      this.#waiting.add(done);
    });
  }

  wake(): void {
    for (const done of [...this.#waiting]) done();
  }

  /** Every wait ends now and every later one at once. */
  close(): void {
    this.#closed = true;
    this.wake();
  }
}
