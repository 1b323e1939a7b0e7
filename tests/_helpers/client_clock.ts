/**
 * A manual clock implementing the client's injectable timers, so tests
 * decide when backoff delays and timeouts elapse instead of sleeping.
 *
 * @module
 */
import type { ClientTimers } from "@wiretype/wiretype/client";

interface Scheduled {
  readonly dueMs: number;
  readonly delayMs: number;
  readonly callback: () => void;
}

/**
 * Timers that fire only when the test calls {@link ManualClock.advance}.
 *
 * @example
 * ```ts
 * const clock = new ManualClock();
 * const chat = new ChatClient({ url, timers: clock });
 * clock.advance(500); // runs what was due within 500 ms
 * ```
 */
export class ManualClock implements ClientTimers {
  #nowMs = 0;
  #nextHandle = 1;
  readonly #scheduled = new Map<number, Scheduled>();

  /** Milliseconds since the clock was made. */
  get nowMs(): number {
    return this.#nowMs;
  }

  /** The delays of the timers that have not fired, in scheduling order. */
  get pendingDelaysMs(): number[] {
    return [...this.#scheduled.values()].map((timer) => timer.delayMs);
  }

  setTimeout(callback: () => void, delayMs: number): unknown {
    const handle = this.#nextHandle++;
    this.#scheduled.set(handle, {
      dueMs: this.#nowMs + delayMs,
      delayMs,
      callback,
    });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.#scheduled.delete(handle as number);
  }

  /** Moves time forward, firing every timer that falls due, earliest first. */
  advance(ms: number): void {
    const targetMs = this.#nowMs + ms;
    for (;;) {
      let next: [number, Scheduled] | undefined;
      for (const entry of this.#scheduled) {
        if (
          entry[1].dueMs <= targetMs &&
          (!next || entry[1].dueMs < next[1].dueMs)
        ) {
          next = entry;
        }
      }
      if (next === undefined) break;
      this.#scheduled.delete(next[0]);
      this.#nowMs = next[1].dueMs;
      next[1].callback();
    }
    this.#nowMs = targetMs;
  }
}
