import type { Claims } from "./claims.ts";

/**
 * What `Authenticator.authenticateUpgrade` decides for an upgrade request:
 * authenticated (with the claims), pending first-message auth, or rejected
 * with the HTTP status to answer.
 *
 * @example Usage
 * ```ts
 * import type { UpgradeDecision } from "@wiretype/wiretype/auth";
 *
 * function statusOf(decision: UpgradeDecision): number {
 *   return decision.kind === "rejected" ? decision.status : 101;
 * }
 * ```
 */
export type UpgradeDecision =
  | { readonly kind: "authenticated"; readonly claims: Claims }
  | { readonly kind: "pending" }
  | {
    readonly kind: "rejected";
    /** HTTP status to answer with (401; 503 when a backend is down). */
    readonly status: number;
    /** The `AuthErrorCode`, for logs and counters only. */
    readonly reason: string;
  };
