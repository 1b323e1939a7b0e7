/**
 * A real wiretype server (the generated chat route on `Deno.serve`) guarded
 * by the real `createAuthenticator`, for end-to-end auth tests: tokens are
 * signed by jose, tickets go through the server's own ticket endpoint.
 *
 * @module
 */
import {
  type Authenticator,
  createAuthenticator,
} from "../../src/auth/authenticator.ts";
import type {
  FirstMessageOptions,
  TicketOptions,
} from "../../src/auth/authenticator_options.ts";
import { createJwtVerifier } from "../../src/auth/jwt_verifier.ts";
import type { ServerOptions } from "@wiretype/wiretype/server";
import { makeTestKey, signTestToken, type TestKey } from "./auth_tokens.ts";
import { serveForTest, type TestServer } from "./server_harness.ts";
import { type AdvancingClock, withClock } from "./server_clock.ts";
import { testChatRoute } from "./server_chat.ts";

/** What {@link serveWithAuth} sets up. */
export interface AuthServedOptions {
  /** The authenticator's ticket options, or false. */
  readonly tickets?: TicketOptions | false;
  /** The authenticator's first-message options, or false. */
  readonly firstMessage?: FirstMessageOptions | false;
  /** Further server options (heartbeat, routes, ...). */
  readonly server?: Partial<ServerOptions>;
  /** Reuse a key, so several servers accept the same tokens. */
  readonly key?: TestKey;
  /** The time source of the server and the authenticator; default the wall clock. */
  readonly clock?: AdvancingClock;
}

/**
 * A served server with auth, and ways to get credentials for it;
 * `await using` stops it at the end of the scope.
 */
export interface AuthServed extends AsyncDisposable {
  /** The running server. */
  readonly served: TestServer;
  /** The authenticator it uses. */
  readonly authenticator: Authenticator;
  /** The ES256 key its verifier trusts. */
  readonly key: TestKey;
  /** A JWT for `sub`, valid for `expiresInSeconds` (default 300). */
  token(sub: string, expiresInSeconds?: number): Promise<string>;
  /** `POST /auth/ticket` with the token as bearer; `query` e.g. `?route=/chat`. */
  requestTicket(token: string, query?: string): Promise<Response>;
  /** A ticket for `sub`, via the ticket endpoint; throws unless 200. */
  ticket(sub: string, query?: string): Promise<string>;
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * Serves the chat route with `createAuthenticator` over an ES256 verifier.
 *
 * @example
 * ```ts
 * await using app = await serveWithAuth();
 * const ticket = await app.ticket("alice");
 * // new WebSocket(`${app.served.wsUrl}/chat?ticket=${ticket}`)
 * ```
 */
export async function serveWithAuth(
  options: AuthServedOptions = {},
): Promise<AuthServed> {
  const key = options.key ?? await makeTestKey("ES256");
  const clocked = <T extends object>(settings: T): T =>
    options.clock === undefined ? settings : withClock(settings, options.clock);
  const authenticator = createAuthenticator(clocked({
    verifier: createJwtVerifier({
      algorithms: ["ES256"],
      key: key.verifyKey,
      clockToleranceSeconds: 0,
    }),
    tickets: options.tickets,
    firstMessage: options.firstMessage,
  }));
  const served = await serveForTest(clocked({
    routes: [testChatRoute()],
    auth: authenticator,
    ...options.server,
  }));
  const requestTicket = (token: string, query = "") =>
    fetch(`${served.httpUrl}${authenticator.ticketPath}${query}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
  const token = (sub: string, expiresInSeconds?: number) =>
    signTestToken(key, { sub }, { expiresInSeconds });
  return {
    served,
    authenticator,
    key,
    token,
    requestTicket,
    async ticket(sub, query) {
      const response = await requestTicket(await token(sub), query);
      const body = await response.json();
      if (response.status !== 200) {
        throw new Error(`ticket refused: ${response.status} ${body.code}`);
      }
      return body.ticket;
    },
    close: () => served.close(),
    [Symbol.asyncDispose]: () => served.close(),
  };
}
