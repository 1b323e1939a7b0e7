import type { TicketRecord, TicketStore } from "./ticket_store.ts";

/**
 * Tickets in a `Map` of this isolate: the default, right for one process.
 * Behind a load balancer, on Deno Deploy or with `deno serve --parallel`
 * the ticket may be redeemed on another isolate than the one that issued it:
 * use {@link KvTicketStore} or {@link RedisTicketStore} there.
 *
 * JavaScript runs `take` without interruption between the lookup and the
 * delete, so it is atomic by construction. Expired entries are pruned on
 * `put`, without a timer.
 *
 * @example Usage
 * ```ts
 * import { createAuthenticator, createJwtVerifier, MemoryTicketStore } from "@wiretype/wiretype/auth";
 *
 * const auth = createAuthenticator({
 *   verifier: createJwtVerifier({ algorithms: ["HS256"], key: Deno.env.get("JWT_SECRET")! }),
 *   tickets: { store: new MemoryTicketStore() },
 * });
 * ```
 */
export class MemoryTicketStore implements TicketStore {
  readonly #tickets = new Map<
    string,
    { record: TicketRecord; dropAt: number }
  >();

  /** Stores `record` under `ticket` for `ttlMs`. */
  put(ticket: string, record: TicketRecord, ttlMs: number): Promise<void> {
    const now = Date.now();
    this.#pruneExpired(now);
    if (this.#tickets.has(ticket)) {
      return Promise.reject(new Error("ticket already exists"));
    }
    this.#tickets.set(ticket, { record, dropAt: now + ttlMs });
    return Promise.resolve();
  }

  /** Removes and returns the record of `ticket`, if present. */
  take(ticket: string): Promise<TicketRecord | undefined> {
    const entry = this.#tickets.get(ticket);
    this.#tickets.delete(ticket);
    return Promise.resolve(entry?.record);
  }

  /** Forgets every ticket. */
  close(): Promise<void> {
    this.#tickets.clear();
    return Promise.resolve();
  }

  /**
   * Maps iterate in insertion order, and tickets share one TTL, so the
   * oldest entries are at the front: stop at the first live one.
   */
  #pruneExpired(now: number): void {
    for (const [ticket, { dropAt }] of this.#tickets) {
      if (dropAt > now) return;
      this.#tickets.delete(ticket);
    }
  }
}
