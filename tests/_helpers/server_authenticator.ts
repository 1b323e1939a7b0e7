/**
 * A small {@link Authenticator} for server tests: real jose-signed JWTs
 * checked by the real `createJwtVerifier`, and one-time tickets in a map.
 * It lets the server runtime's auth wiring be tested on its own.
 *
 * @module
 */
import { AuthError, AuthErrorCode } from "../../src/auth/auth_error.ts";
import type {
  Authenticator,
  UpgradeDecision,
} from "../../src/auth/authenticator.ts";
import type { Claims } from "../../src/auth/claims.ts";
import { createJwtVerifier } from "../../src/auth/jwt_verifier.ts";
import { makeTestKey, signTestToken, type TestKey } from "./auth_tokens.ts";

/** Settings of {@link createTestAuth}. */
export interface TestAuthOptions {
  /** Allow connecting without a ticket and sending the JWT first. Default true. */
  readonly firstMessage?: boolean;
  /** The first-message deadline. Default 10 000. */
  readonly firstMessageTimeoutMs?: number;
}

/** An authenticator plus ways to make credentials for it. */
export interface TestAuth {
  /** Pass to `createServer({ auth })`. */
  readonly authenticator: Authenticator;
  /** Signs a JWT for `sub`, valid for `expiresInSeconds` (default 300). */
  token(
    sub: string,
    expiresInSeconds?: number,
    claims?: Record<string, unknown>,
  ): Promise<string>;
  /** A JWT signed with another key: its signature does not verify. */
  forgedToken(sub: string): Promise<string>;
}

/** The ticket endpoint's path. */
export const TEST_TICKET_PATH = "/auth/ticket";

/**
 * Creates the test authenticator over a fresh HS256 key.
 *
 * @example
 * ```ts
 * const auth = await createTestAuth();
 * const served = await serveForTest({ routes: [route], auth: auth.authenticator });
 * ```
 */
export async function createTestAuth(
  options: TestAuthOptions = {},
): Promise<TestAuth> {
  const key = await makeTestKey("HS256");
  const otherKey = await makeTestKey("HS256");
  const verifier = createJwtVerifier({
    algorithms: ["HS256"],
    key: key.verifyKey,
    clockToleranceSeconds: 0,
  });
  const tickets = new Map<string, Claims>();
  const firstMessage = options.firstMessage ?? true;

  const authenticator: Authenticator = {
    ticketPath: TEST_TICKET_PATH,
    firstMessageTimeoutMs: firstMessage
      ? options.firstMessageTimeoutMs ?? 10_000
      : undefined,
    async handleTicketRequest(request) {
      const bearer = request.headers.get("authorization")?.match(
        /^Bearer (.+)$/,
      )?.[1];
      try {
        const claims = await verifier.verify(bearer ?? "");
        const ticket = crypto.randomUUID();
        tickets.set(ticket, claims);
        return Response.json({ ticket });
      } catch {
        return new Response(null, { status: 401 });
      }
    },
    authenticateUpgrade(request): Promise<UpgradeDecision> {
      const ticket = new URL(request.url).searchParams.get("ticket");
      if (ticket === null) {
        return Promise.resolve(
          firstMessage
            ? { kind: "pending" }
            : { kind: "rejected", status: 401, reason: AuthErrorCode.Missing },
        );
      }
      const claims = tickets.get(ticket);
      tickets.delete(ticket);
      return Promise.resolve(
        claims === undefined
          ? {
            kind: "rejected",
            status: 401,
            reason: AuthErrorCode.UnknownTicket,
          }
          : { kind: "authenticated", claims },
      );
    },
    verifyToken: (token) => verifier.verify(token),
  };
  return {
    authenticator,
    token: (sub, expiresInSeconds, claims) =>
      signTestToken(key, { sub, ...claims }, { expiresInSeconds }),
    forgedToken: (sub) => signTestToken(otherKey as TestKey, { sub }),
  };
}

/**
 * Exchanges a JWT for a ticket at the server's ticket endpoint.
 *
 * @example
 * ```ts
 * const ticket = await fetchTicket(served.httpUrl, await auth.token("alice"));
 * ```
 */
export async function fetchTicket(
  httpUrl: string,
  token: string,
): Promise<string> {
  const response = await fetch(`${httpUrl}${TEST_TICKET_PATH}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new AuthError(
      AuthErrorCode.Missing,
      `ticket refused: ${response.status}`,
    );
  }
  const { ticket } = await response.json();
  return ticket;
}
