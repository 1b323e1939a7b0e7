import { AuthError, AuthErrorCode } from "./auth_error.ts";
import { bearerToken } from "./_bearer.ts";
import {
  type AuthenticatorOptions,
  resolveAuthenticatorOptions,
} from "./authenticator_options.ts";
import type { Claims } from "./claims.ts";
import { exchangeTokenForTicket } from "./_ticket_endpoint.ts";
import { redeemTicket, rejected } from "./_ticket_redemption.ts";
import type { UpgradeDecision } from "./upgrade_decision.ts";

// Defined in its own file, which the ticket redemption shares without
// importing this one; re-exported where it has always been.
export type { UpgradeDecision } from "./upgrade_decision.ts";

/**
 * How the server authenticates connections; built by {@link createAuthenticator}
 * from a token verifier and a ticket store. The server runtime calls it at
 * three points: the ticket endpoint, the upgrade, and `{type: "auth"}`
 * messages (first-message flow and refresh). Each call hands the reason of a
 * refusal back to the caller (a callback, a decision, an `AuthError`), which
 * logs and counts it; clients only ever see a status or close code.
 *
 * @example Usage
 * ```ts
 * import { type Authenticator, createAuthenticator, createJwtVerifier } from "@wiretype/wiretype";
 *
 * const authenticator: Authenticator = createAuthenticator({
 *   verifier: createJwtVerifier({ algorithms: ["HS256"], key: Deno.env.get("JWT_SECRET")! }),
 * });
 * Deno.serve(async (request) => {
 *   const decision = await authenticator.authenticateUpgrade(request, "/chat");
 *   if (decision.kind === "rejected") return new Response(null, { status: decision.status });
 *   return new Response(decision.kind === "authenticated" ? `hello ${decision.claims.sub}` : "hello");
 * });
 * ```
 */
export interface Authenticator {
  /** Path of the ticket endpoint (e.g. `/auth/ticket`), or undefined if tickets are off. */
  readonly ticketPath: string | undefined;
  /** How long a connection may stay unauthenticated (first-message flow); undefined if that flow is off. */
  readonly firstMessageTimeoutMs: number | undefined;
  /**
   * Answers a request to the ticket endpoint: `POST` with `Authorization:
   * Bearer <jwt>` (and `?route=/path` when tickets are bound to routes).
   * `onFailure` learns why a token was refused; the response never says.
   */
  handleTicketRequest(
    request: Request,
    onFailure?: (error: AuthError) => void,
  ): Promise<Response>;
  /**
   * Decides at upgrade time: a valid `?ticket=` authenticates (consuming the
   * ticket); no ticket leaves the connection pending first-message auth when
   * that flow is on; anything else is rejected.
   */
  authenticateUpgrade(
    request: Request,
    routePath: string,
  ): Promise<UpgradeDecision>;
  /** Verifies a JWT (first message or refresh); throws `AuthError`. */
  verifyToken(token: string): Promise<Claims>;
}

/**
 * Builds the {@link Authenticator} for `createServer({ auth })`. At upgrade
 * it accepts, in this order: a one-time `?ticket=` (browsers, which cannot
 * set headers on a WebSocket), an `Authorization: Bearer` header (servers and
 * CLIs), or nothing, leaving the connection to authenticate with its first
 * message when that flow is on.
 *
 * @example Usage
 * ```ts
 * import { createAuthenticator, createJwtVerifier, createServer, type Route } from "@wiretype/wiretype";
 *
 * declare const chat: Route; // chatRoute(handlers), from the generated chat_server.ts
 * const auth = createAuthenticator({
 *   verifier: createJwtVerifier({ algorithms: ["HS256"], key: Deno.env.get("JWT_SECRET")! }),
 *   tickets: { ttlMs: 15_000, bindRoute: true },
 * });
 * Deno.serve(createServer({ routes: [chat], auth }).fetch);
 * ```
 */
export function createAuthenticator(
  options: AuthenticatorOptions,
): Authenticator {
  const { verifier, tickets, firstMessageTimeoutMs } =
    resolveAuthenticatorOptions(options);
  return {
    ticketPath: tickets?.path,
    firstMessageTimeoutMs,
    handleTicketRequest(request, onFailure) {
      if (tickets === undefined) {
        return Promise.resolve(new Response(null, { status: 404 }));
      }
      return exchangeTokenForTicket(request, verifier, tickets, onFailure);
    },
    async authenticateUpgrade(request, routePath) {
      const ticket = new URL(request.url).searchParams.get("ticket");
      if (ticket !== null) {
        return tickets === undefined
          ? rejected(AuthErrorCode.UnknownTicket)
          : await redeemTicket(ticket, request, routePath, tickets);
      }
      const token = bearerToken(request);
      if (token !== undefined) return await verifyHeaderToken(token);
      return firstMessageTimeoutMs === undefined
        ? rejected(AuthErrorCode.Missing)
        : { kind: "pending" };
    },
    verifyToken: (token) => verifier.verify(token),
  };

  async function verifyHeaderToken(token: string): Promise<UpgradeDecision> {
    try {
      return { kind: "authenticated", claims: await verifier.verify(token) };
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      return error.code === AuthErrorCode.KeysUnavailable
        ? { kind: "rejected", status: 503, reason: error.code }
        : rejected(error.code);
    }
  }
}
