/**
 * Counts handler promises still running, so a graceful shutdown can wait
 * for them.
 */
export class InFlight {
  #running = 0;
  #waiters: (() => void)[] = [];

  /** Promises tracked and not yet settled. */
  get size(): number {
    return this.#running;
  }

  /** Tracks `promise`, which must handle its own rejection. */
  track(promise: Promise<unknown>): void {
    this.#running++;
    promise.finally(() => {
      if (--this.#running > 0) return;
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const wake of waiters) wake();
    });
  }

  /** Resolves once no tracked promise is running. */
  settled(): Promise<void> {
    if (this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}
