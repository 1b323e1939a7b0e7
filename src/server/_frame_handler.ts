import { CloseCode } from "../wire/close_codes.ts";
import {
  decodeEnvelope,
  encodeEnvelope,
  type Envelope,
  type RequestId,
  ReservedType,
} from "../wire/envelope.ts";
import { ErrorCode, ProtocolError } from "../wire/protocol_error.ts";
import { rootIssue } from "../wire/validation.ts";
import { handleAuthMessage } from "./_auth_messages.ts";
import { handleRecover } from "./_recover_message.ts";
import type { Session } from "./_session.ts";
import { handlerFailed, rejectMessage } from "./_session_replies.ts";
import { utf8ByteLength } from "./_utf8.ts";

/**
 * Takes one frame from a connection through the limits and into its
 * handler: size (before anything is parsed), rate, JSON depth and shape,
 * authentication state, RPC ids, validation; then sends the RPC answer or
 * the error. Bad input gets an error reply and a strike.
 */
export function handleFrame(session: Session, data: unknown): void {
  const nowMs = session.runtime.core.clock.now();
  if (!session.frameArrived(nowMs)) return;
  const { limits, core } = session.runtime;
  const bytes = typeof data === "string"
    // Each UTF-16 unit is at least one byte: no need to measure a frame
    // that is too long in units already.
    ? (data.length > limits.maxMessageBytes
      ? data.length
      : utf8ByteLength(data))
    : data instanceof ArrayBuffer
    ? data.byteLength
    : 0;
  session.countMessageIn(bytes);
  core.stats.messagesIn++;
  core.stats.bytesIn += bytes;
  if (bytes > limits.maxMessageBytes) {
    core.stats.count(core.stats.rejectedMessages, "message_too_big");
    session.close(
      CloseCode.MessageTooBig,
      `message larger than ${limits.maxMessageBytes} bytes`,
    );
    return;
  }
  if (typeof data !== "string") {
    rejectMessage(
      session,
      new ProtocolError(
        ErrorCode.BinaryNotSupported,
        "binary frames are not accepted; send JSON text frames",
      ),
      undefined,
      "input",
    );
    return;
  }
  if (!session.takeMessageToken(nowMs)) {
    rejectMessage(
      session,
      new ProtocolError(
        ErrorCode.RateLimited,
        `more than ${limits.messagesPerSecond} messages per second; slow down`,
      ),
      undefined,
      "rate",
    );
    return;
  }
  let envelope: Envelope;
  try {
    envelope = decodeEnvelope(data, limits.maxJsonDepth);
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    rejectMessage(session, error, undefined, "input");
    return;
  }
  if (envelope.type === ReservedType.Pong) return;
  if (envelope.type === ReservedType.Auth) {
    handleAuthMessage(session, envelope);
    return;
  }
  if (session.phase === "pending") {
    rejectMessage(
      session,
      new ProtocolError(
        ErrorCode.Unauthenticated,
        'authenticate first: send {"type":"auth","id":1,"data":{"token":"<jwt>"}}',
      ),
      envelope.id,
      "input",
    );
    return;
  }
  if (envelope.type === ReservedType.Recover) {
    handleRecover(session, envelope);
    return;
  }
  dispatchEnvelope(session, envelope);
}

function dispatchEnvelope(session: Session, envelope: Envelope): void {
  const { type, id } = envelope;
  const { route } = session.runtime;
  const isRpc = route.rpcTypes.has(type);
  if (isRpc && id === undefined) {
    rejectMessage(
      session,
      new ProtocolError(
        ErrorCode.MissingId,
        `"${type}" is an RPC: send it with an "id" to match the answer`,
      ),
      undefined,
      "input",
    );
    return;
  }
  if (!isRpc && id !== undefined) {
    rejectMessage(
      session,
      new ProtocolError(
        ErrorCode.UnexpectedId,
        `"${type}" is not an RPC of ${route.protocol.name}: send it without "id"`,
      ),
      id,
      "input",
    );
    return;
  }
  const accepted = session.offer(() => runHandler(session, envelope));
  if (!accepted) {
    rejectMessage(
      session,
      new ProtocolError(
        ErrorCode.Overloaded,
        `"${type}" was not handled: ${session.runtime.limits.maxQueuedMessages} earlier messages of this connection are still being handled (maxQueuedMessages); send it again once they are answered`,
      ),
      id,
      "overloaded",
    );
  }
}

/**
 * Validates a message and runs its handler, once the connection's earlier
 * messages allow it (see `MessageQueue`). Returns what settles when the
 * handler finished and its answer went out, if it did not finish at once.
 */
function runHandler(
  session: Session,
  { type, id, data }: Envelope,
): Promise<unknown> | undefined {
  // Closing stops handling at once, for messages that waited their turn too.
  if (session.phase !== "open") return undefined;
  const { route } = session.runtime;
  let outcome;
  try {
    outcome = route.dispatch(type, data, session.context);
  } catch (error) {
    handlerFailed(session, type, error, id);
    return undefined;
  }
  switch (outcome.kind) {
    case "unknown":
      rejectMessage(
        session,
        new ProtocolError(
          ErrorCode.UnknownType,
          `${route.protocol.name} has no client message named "${type}"`,
        ),
        id,
        "input",
      );
      return;
    case "invalid": {
      const issue = rootIssue(outcome.issue);
      rejectMessage(
        session,
        new ProtocolError(ErrorCode.InvalidData, issue.message, issue.path),
        id,
        "input",
      );
      return undefined;
    }
    case "handled":
      return settle(session, type, id, outcome.result);
  }
}

/**
 * Sends an RPC's answer once its handler finished; reports failures.
 * Returns the promise of that, tracked for shutdown, for an async handler.
 */
function settle(
  session: Session,
  type: string,
  id: RequestId | undefined,
  result: unknown,
): Promise<void> | undefined {
  if (!(result instanceof Promise)) {
    if (id !== undefined) answer(session, type, id, result);
    return undefined;
  }
  const settled = result.then(
    (value) => {
      if (id !== undefined) answer(session, type, id, value);
    },
    (error) => handlerFailed(session, type, error, id),
  );
  session.runtime.core.inFlight.track(settled);
  return settled;
}

function answer(session: Session, type: string, id: RequestId, data: unknown) {
  let payload: string;
  try {
    payload = encodeEnvelope(type, data, id);
  } catch (error) {
    // An answer JSON cannot carry (a BigInt, a cycle) is the handler's bug.
    handlerFailed(session, type, error, id);
    return;
  }
  session.sendPayload(payload, utf8ByteLength(payload));
}
