/**
 * The real authenticator (`createAuthenticator` with a memory ticket store)
 * over a fresh HS256 key, plus ways to make credentials for it: real
 * jose-signed JWTs, and forged ones that do not verify.
 *
 * @module
 */
import type { Authenticator } from "../../src/auth/authenticator.ts";
import { createAuthenticator } from "../../src/auth/authenticator.ts";
import { createJwtVerifier } from "../../src/auth/jwt_verifier.ts";
import { makeTestKey, signTestToken } from "./auth_tokens.ts";

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
  const authenticator = createAuthenticator({
    verifier: createJwtVerifier({
      algorithms: ["HS256"],
      key: key.verifyKey,
      clockToleranceSeconds: 0,
    }),
    tickets: { path: TEST_TICKET_PATH },
    firstMessage: options.firstMessage === false
      ? false
      : { timeoutMs: options.firstMessageTimeoutMs ?? 10_000 },
  });
  return {
    authenticator,
    token: (sub, expiresInSeconds, claims) =>
      signTestToken(key, { sub, ...claims }, { expiresInSeconds }),
    forgedToken: (sub) => signTestToken(otherKey, { sub }),
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
    throw new Error(`ticket refused: ${response.status}`);
  }
  const { ticket } = await response.json();
  return ticket;
}
