/**
 * A token bucket refilled lazily from the clock when it is used, so a
 * connection's rate limit costs no timer: `capacity` tokens at most, refilled
 * at `refillPerMs`.
 */
export class TokenBucket {
  readonly #capacity: number;
  readonly #refillPerMs: number;
  #tokens: number;
  #updatedAtMs: number;

  /** A full bucket of `capacity` tokens at time `nowMs`. */
  constructor(capacity: number, refillPerMs: number, nowMs: number) {
    this.#capacity = capacity;
    this.#refillPerMs = refillPerMs;
    this.#tokens = capacity;
    this.#updatedAtMs = nowMs;
  }

  /** Takes one token; false when the bucket is empty. */
  take(nowMs: number): boolean {
    const elapsedMs = nowMs - this.#updatedAtMs;
    if (elapsedMs > 0) {
      this.#tokens = Math.min(
        this.#capacity,
        this.#tokens + elapsedMs * this.#refillPerMs,
      );
      this.#updatedAtMs = nowMs;
    }
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
