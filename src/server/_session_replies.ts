import { CloseCode } from "../wire/close_codes.ts";
import { encodeError, type RequestId } from "../wire/envelope.ts";
import { ErrorCode, ProtocolError } from "../wire/protocol_error.ts";
import type { Session } from "./_session.ts";
import { utf8ByteLength } from "./_utf8.ts";

/**
 * Why a message was rejected: over the rate limit, bad input, or refused
 * because the connection's handlers are behind (`overloaded`: no strike,
 * since a slow handler is not the client's fault).
 */
export type StrikeKind = "rate" | "input" | "overloaded";

/**
 * Answers a message with an error, logs and counts it, and records a
 * strike (unless `overloaded`); past `maxStrikes` in the window the
 * connection is closed (4429 for the rate limit, 1008 for bad input).
 */
export function rejectMessage(
  session: Session,
  error: ProtocolError,
  id: RequestId | undefined,
  kind: StrikeKind,
): void {
  const { core, path } = session.runtime;
  core.stats.count(core.stats.rejectedMessages, error.code);
  core.logger.log({
    kind: "message_rejected",
    route: path,
    connectionId: session.id,
    userId: session.userId,
    code: error.code,
    message: error.message,
    ...(error.path === undefined ? {} : { path: error.path }),
  });
  sendError(session, error, id);
  if (kind === "overloaded") return;
  if (!session.takeStrike(core.clock.now())) {
    if (kind === "rate") {
      session.close(CloseCode.RateLimited, "rate limit exceeded");
    } else {
      session.close(CloseCode.PolicyViolation, "too many bad messages");
    }
  }
}

/**
 * Answers a failed handler: a thrown {@link ProtocolError} keeps its code;
 * anything else is logged with the handler's name and becomes
 * `internal_error`, so no detail of the server leaks to the client.
 */
export function handlerFailed(
  session: Session,
  handler: string,
  error: unknown,
  id?: RequestId,
): void {
  if (error instanceof ProtocolError) {
    sendError(session, error, id);
    return;
  }
  session.reportHandlerError(handler, error);
  sendError(
    session,
    new ProtocolError(
      ErrorCode.InternalError,
      "the server failed to handle this message; the error was logged",
    ),
    id,
  );
}

/**
 * Sends an `error` message answering request `id` (if any).
 */
export function sendError(
  session: Session,
  error: ProtocolError,
  id: RequestId | undefined,
): void {
  const payload = encodeError(error, id);
  session.sendPayload(payload, utf8ByteLength(payload));
}
