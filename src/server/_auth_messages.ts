import { AuthError, AuthErrorCode } from "../auth/auth_error.ts";
import type { Claims } from "../auth/claims.ts";
import { CloseCode } from "../wire/close_codes.ts";
import {
  encodeEnvelope,
  type Envelope,
  type RequestId,
  ReservedType,
} from "../wire/envelope.ts";
import { ErrorCode, ProtocolError } from "../wire/protocol_error.ts";
import { authorize, connectionLimitReason } from "./_admission.ts";
import type { Session } from "./_session.ts";
import { rejectMessage, sendError } from "./_session_replies.ts";
import { utf8ByteLength } from "./_utf8.ts";

/**
 * Handles `{type: "auth", id, data: {token}}`: on a connection waiting for
 * first-message auth it authenticates (then authorizes, then opens); on an
 * open connection it is a refresh, which must name the same user and moves
 * the expiry. The token check runs asynchronously and is tracked for
 * shutdown.
 */
export function handleAuthMessage(session: Session, envelope: Envelope): void {
  const { core, authRule, route } = session.runtime;
  const { id, data } = envelope;
  if (core.auth === undefined || authRule === "public") {
    rejectMessage(
      session,
      new ProtocolError(
        ErrorCode.UnknownType,
        `${route.protocol.name} is public here and takes no "auth" messages`,
      ),
      id,
      "input",
    );
    return;
  }
  if (id === undefined) {
    rejectMessage(
      session,
      new ProtocolError(
        ErrorCode.MissingId,
        '"auth" needs an "id" to match the answer',
      ),
      undefined,
      "input",
    );
    return;
  }
  const token = (data as { token?: unknown } | null)?.token;
  if (typeof token !== "string" || token.length === 0) {
    rejectMessage(
      session,
      new ProtocolError(
        ErrorCode.InvalidData,
        "expected a non-empty string",
        "$.token",
      ),
      id,
      "input",
    );
    return;
  }
  if (!session.startAuthentication()) {
    rejectMessage(
      session,
      new ProtocolError(
        ErrorCode.Unauthenticated,
        "another auth message is still being checked; wait for its answer",
      ),
      id,
      "input",
    );
    return;
  }
  core.inFlight.track(
    authenticate(session, token, id).finally(() =>
      session.authenticationSettled()
    ),
  );
}

async function authenticate(
  session: Session,
  token: string,
  id: RequestId,
): Promise<void> {
  const { core } = session.runtime;
  const refreshing = session.phase === "open";
  let claims: Claims;
  try {
    claims = await core.auth!.verifyToken(token);
  } catch (error) {
    authFailed(session, refreshing, error);
    sendError(
      session,
      new ProtocolError(ErrorCode.Unauthenticated, "token refused"),
      id,
    );
    // A failed refresh leaves the current token in force until it expires.
    if (!refreshing) {
      session.close(CloseCode.Unauthenticated, "authentication failed");
    }
    return;
  }
  if (refreshing) {
    refresh(session, claims, id);
    return;
  }
  if (session.phase !== "pending") return;
  const request = session.pendingRequest!;
  const context = {
    remoteAddress: session.remoteAddress,
    stage: "message",
    connectionId: session.id,
  } as const;
  if (!await authorize(session.runtime, claims, request, context)) {
    if (session.phase !== "pending") return;
    sendError(
      session,
      new ProtocolError(ErrorCode.Forbidden, "not allowed on this route"),
      id,
    );
    session.close(CloseCode.Forbidden, "forbidden");
    return;
  }
  if (session.phase !== "pending") return;
  const limitReason = connectionLimitReason(session.runtime, undefined, claims);
  if (limitReason !== undefined) {
    core.stats.count(core.stats.rejectedConnections, limitReason);
    session.close(
      CloseCode.PolicyViolation,
      "too many connections for this user",
    );
    return;
  }
  session.activate(claims);
  sendAuthAnswer(session, claims, id);
}

function refresh(session: Session, claims: Claims, id: RequestId): void {
  if (session.phase !== "open") return;
  if (claims.sub !== session.userId) {
    authFailed(
      session,
      true,
      new AuthError(
        AuthErrorCode.SubjectChanged,
        `refresh token is for "${claims.sub}", connection is "${session.userId}"`,
      ),
    );
    session.close(CloseCode.Unauthenticated, "token subject changed");
    return;
  }
  session.refreshToken(claims);
  sendAuthAnswer(session, claims, id);
}

function sendAuthAnswer(session: Session, claims: Claims, id: RequestId): void {
  const payload = encodeEnvelope(ReservedType.Auth, {
    userId: claims.sub ?? null,
    expiresAt: typeof claims.exp === "number"
      ? new Date(claims.exp * 1000).toISOString()
      : null,
  }, id);
  session.sendPayload(payload, utf8ByteLength(payload));
}

function authFailed(
  session: Session,
  refreshing: boolean,
  error: unknown,
): void {
  const { core, path } = session.runtime;
  if (!(error instanceof AuthError)) {
    core.logger.log({
      kind: "server_error",
      message: `auth.verifyToken threw a non-AuthError on ${path}`,
      error,
    });
  }
  const reason = error instanceof AuthError ? error.code : "error";
  core.stats.count(core.stats.authFailures, reason);
  core.logger.log({
    kind: "auth_failed",
    route: path,
    remoteAddress: session.remoteAddress,
    stage: refreshing ? "refresh" : "message",
    reason,
    connectionId: session.id,
    ...(session.userId === undefined ? {} : { userId: session.userId }),
  });
}
