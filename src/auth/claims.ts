/**
 * The verified claims of a JWT, which become a connection's `user`. `sub`
 * identifies the user: messages "to a user" reach every connection with the
 * same `sub`.
 *
 * @example Usage
 * ```ts
 * import type { Claims } from "@wiretype/wiretype";
 *
 * const claims: Claims = { sub: "alice", exp: 1_900_000_000, role: "admin" };
 * ```
 */
export interface Claims {
  /** Subject: the user id. */
  readonly sub?: string;
  /** Expiry, seconds since the epoch. */
  readonly exp?: number;
  /** Any other claim of the token. */
  readonly [claim: string]: unknown;
}
