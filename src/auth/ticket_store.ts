import { base64url } from "jose";
import type { Claims } from "./claims.ts";

/**
 * What a one-time ticket stands for: the verified claims of the JWT it was
 * exchanged for, and what it is bound to.
 *
 * @example Usage
 * ```ts
 * import type { TicketRecord } from "@wiretype/wiretype/auth";
 *
 * const record: TicketRecord = {
 *   sub: "alice",
 *   claims: { sub: "alice", exp: 1_900_000_000 },
 *   route: "/chat",
 *   expiresAt: Date.now() + 30_000,
 * };
 * ```
 */
export interface TicketRecord {
  /** The user the ticket was issued to. */
  readonly sub: string;
  /** The claims of the JWT the ticket was exchanged for. */
  readonly claims: Claims;
  /** The route path the ticket is bound to, if route binding is on. */
  readonly route?: string;
  /** The `Origin` the ticket was requested from, if origin binding is on. */
  readonly origin?: string;
  /** When the ticket stops being valid, in milliseconds since the epoch. */
  readonly expiresAt: number;
}

/**
 * Where tickets live between issue and redemption. `take` must be an atomic
 * check-and-delete: of any number of concurrent takes of one ticket, at most
 * one gets the record.
 *
 * Backends expire entries lazily (Deno KV's `expireIn` may fire late), so
 * `take` may return a record whose `expiresAt` has passed; the authenticator
 * checks `expiresAt` itself.
 *
 * @example Usage
 * ```ts
 * import { MemoryTicketStore, type TicketStore } from "@wiretype/wiretype/auth";
 *
 * const store: TicketStore = new MemoryTicketStore();
 * const ticket = crypto.randomUUID();
 * const record = { sub: "alice", claims: { sub: "alice" }, expiresAt: Date.now() + 30_000 };
 * await store.put(ticket, record, 30_000);
 * const first = await store.take(ticket); // the record
 * const again = await store.take(ticket); // undefined
 * await store.close();
 * ```
 */
export interface TicketStore {
  /** Stores a new ticket for `ttlMs`; throws if the ticket exists already. */
  put(ticket: string, record: TicketRecord, ttlMs: number): Promise<void>;
  /** Removes the ticket and returns its record, or undefined if it is unknown or already taken. */
  take(ticket: string): Promise<TicketRecord | undefined>;
  /** Releases what the store holds (connections, timers). */
  close(): Promise<void>;
}

const TICKET_BYTES = 32;
/** 32 bytes in unpadded base64url. */
const TICKET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Makes a ticket: 256 random bits, base64url without padding, so it is safe
 * in a URL query and cannot be guessed.
 *
 * @example Usage
 * ```ts
 * import { newTicket } from "./ticket_store.ts";
 *
 * newTicket().length; // 43
 * ```
 */
export function newTicket(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(TICKET_BYTES)));
}

/**
 * Whether `value` has the shape of a ticket from {@link newTicket}. Checked
 * before any store lookup, so junk never reaches a backend.
 *
 * @example Usage
 * ```ts
 * import { isTicketShaped, newTicket } from "./ticket_store.ts";
 *
 * isTicketShaped(newTicket()); // true
 * isTicketShaped("../../etc"); // false
 * ```
 */
export function isTicketShaped(value: string): boolean {
  return TICKET_PATTERN.test(value);
}
