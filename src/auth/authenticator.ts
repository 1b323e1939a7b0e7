import type { Claims } from "./claims.ts";

/**
 * How the server authenticates connections; built by `createAuthenticator`
 * (to be implemented in this file) from a token verifier and a ticket store.
 * The server runtime calls it at three points: the ticket endpoint, the
 * upgrade, and `{type: "auth"}` messages (first-message flow and refresh).
 *
 * @example
 * ```ts
 * const decision = await authenticator.authenticateUpgrade(request, "/chat");
 * if (decision.kind === "rejected") return new Response(null, { status: 401 });
 * ```
 */
export interface Authenticator {
  /** Path of the ticket endpoint (e.g. `/auth/ticket`), or undefined if tickets are off. */
  readonly ticketPath: string | undefined;
  /** How long a connection may stay unauthenticated (first-message flow); undefined if that flow is off. */
  readonly firstMessageTimeoutMs: number | undefined;
  /** Answers a request to the ticket endpoint: `POST` with `Authorization: Bearer <jwt>`. */
  handleTicketRequest(request: Request): Promise<Response>;
  /**
   * Decides at upgrade time: a valid `?ticket=` authenticates (consuming the
   * ticket); no ticket leaves the connection pending first-message auth when
   * that flow is on; anything else is rejected.
   */
  authenticateUpgrade(request: Request, routePath: string): Promise<UpgradeDecision>;
  /** Verifies a JWT (first message or refresh); throws `AuthError`. */
  verifyToken(token: string): Promise<Claims>;
}

/** The result of {@link Authenticator.authenticateUpgrade}. */
export type UpgradeDecision =
  | { readonly kind: "authenticated"; readonly claims: Claims }
  | { readonly kind: "pending" }
  | {
    readonly kind: "rejected";
    /** HTTP status to answer with (401). */
    readonly status: number;
    /** The `AuthErrorCode`, for logs and counters only. */
    readonly reason: string;
  };
