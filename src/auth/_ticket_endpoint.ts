import { ErrorCode } from "../wire/protocol_error.ts";
import { AuthError, AuthErrorCode } from "./auth_error.ts";
import { bearerToken } from "./_bearer.ts";
import type { TicketSettings } from "./authenticator_options.ts";
import type { TokenVerifier } from "./jwt_verifier.ts";
import { newTicket, type TicketRecord } from "./ticket_store.ts";

const MAX_ROUTE_LENGTH = 256;
/**
 * Answers `POST <ticket path>` with `Authorization: Bearer <jwt>`: verifies
 * the token and returns `{ticket, expiresAt}` (200). A refused token gets 401
 * whatever the reason; the reason goes to `onFailure` only.
 */
export async function exchangeTokenForTicket(
  request: Request,
  verifier: TokenVerifier,
  settings: TicketSettings,
  onFailure: ((error: AuthError) => void) | undefined,
): Promise<Response> {
  if (request.method !== "POST") {
    return answer(405, "method_not_allowed", "use POST", {
      allow: "POST",
    });
  }
  const refuse = (error: AuthError): Response => {
    onFailure?.(error);
    return unavailable(error) ?? answer(
      401,
      ErrorCode.Unauthenticated,
      "invalid or missing token",
      { "www-authenticate": "Bearer" },
    );
  };
  const token = bearerToken(request);
  if (token === undefined) {
    return refuse(
      new AuthError(AuthErrorCode.Missing, "no Authorization: Bearer header"),
    );
  }
  const route = new URL(request.url).searchParams.get("route");
  if (settings.bindRoute && !isRoutePath(route)) {
    return answer(
      400,
      "invalid_request",
      "tickets are bound to a route: request one with ?route=/path",
    );
  }
  let claims;
  try {
    claims = await verifier.verify(token);
  } catch (error) {
    return refuse(asAuthError(error));
  }
  const nowMs = settings.clock.now();
  // A ticket never outlives the token it was exchanged for.
  const expiresAt = typeof claims.exp === "number"
    ? Math.min(nowMs + settings.ttlMs, claims.exp * 1000)
    : nowMs + settings.ttlMs;
  if (expiresAt <= nowMs) {
    return refuse(
      new AuthError(
        AuthErrorCode.Expired,
        "token expires before a ticket could be used",
      ),
    );
  }
  const origin = request.headers.get("origin");
  const record: TicketRecord = {
    sub: claims.sub,
    claims,
    expiresAt,
    ...(settings.bindRoute ? { route: route! } : {}),
    ...(settings.bindOrigin && origin !== null ? { origin } : {}),
  };
  const ticket = newTicket();
  try {
    await settings.store.put(ticket, record, expiresAt - nowMs);
  } catch (error) {
    return refuse(
      new AuthError(
        AuthErrorCode.StoreUnavailable,
        `the ticket store failed: ${errorMessage(error)}`,
        { cause: error },
      ),
    );
  }
  return Response.json(
    { ticket, expiresAt: new Date(expiresAt).toISOString() },
    { headers: { "cache-control": "no-store" } },
  );
}

function isRoutePath(route: string | null): route is string {
  return route !== null && route.startsWith("/") &&
    route.length <= MAX_ROUTE_LENGTH;
}

/** Failures on the server's side are 503: the client may retry, its token may be fine. */
function unavailable(error: AuthError): Response | undefined {
  if (
    error.code !== AuthErrorCode.KeysUnavailable &&
    error.code !== AuthErrorCode.StoreUnavailable
  ) {
    return undefined;
  }
  return answer(503, "unavailable", "try again later", { "retry-after": "1" });
}

function answer(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json({ code, message }, {
    status,
    headers: { "cache-control": "no-store", ...headers },
  });
}

function asAuthError(error: unknown): AuthError {
  return error instanceof AuthError ? error : new AuthError(
    AuthErrorCode.BadSignature,
    `the verifier threw: ${errorMessage(error)}`,
    { cause: error },
  );
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
