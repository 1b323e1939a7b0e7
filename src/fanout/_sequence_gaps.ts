/**
 * Counts the messages missed from each origin by the gaps in their sequence
 * numbers: pub/sub transports drop silently (Deno's BroadcastChannel when a
 * receiver lags, Redis while a subscriber is disconnected), and a counter
 * is the only way an operator learns about it.
 */
export class SequenceGaps {
  readonly #lastSeq = new Map<string, number>();

  /** Records `seq` from `origin`; returns how many messages before it never arrived. */
  observe(origin: string, seq: number): number {
    const last = this.#lastSeq.get(origin);
    this.#lastSeq.set(origin, seq);
    // A lower number means the origin restarted with the same id: start over.
    return last === undefined || seq <= last ? 0 : seq - last - 1;
  }

  /** Forgets an origin that left or fell silent. */
  forget(origin: string): void {
    this.#lastSeq.delete(origin);
  }
}
