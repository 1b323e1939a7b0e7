import type { StreamPosition } from "../fanout/history_store.ts";
import {
  encodeEnvelope,
  type Envelope,
  ReservedType,
} from "../wire/envelope.ts";
import { ErrorCode, ProtocolError } from "../wire/protocol_error.ts";
import type { Session } from "./_session.ts";
import { rejectMessage } from "./_session_replies.ts";
import type { StreamRecovery } from "./_stream_sync.ts";
import { utf8ByteLength } from "./_utf8.ts";

/** More streams than a client can be in is not a recovery but abuse. */
const MAX_STREAMS = 1_000;

/**
 * Handles a client's `recover` request: after the connection's earlier
 * messages (its replayed joins) have been handled, replays what each stream
 * it may receive missed, and answers per stream whether it recovered.
 * Streams it may not receive (a room it is not in, another user) are
 * answered `recovered: false`, `why: "not_member"` and no position.
 */
export function handleRecover(session: Session, { id, data }: Envelope): void {
  const { streams } = session;
  let since: Map<string, StreamPosition>;
  try {
    if (id === undefined) {
      throw new ProtocolError(
        ErrorCode.MissingId,
        '"recover" needs an "id" to match the answer',
      );
    }
    if (streams === undefined) {
      throw new ProtocolError(
        ErrorCode.UnknownType,
        `${session.runtime.route.protocol.name} keeps no history: there is nothing to recover`,
      );
    }
    since = parsePositions(data);
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    rejectMessage(session, error, id, "input");
    return;
  }
  const accepted = session.offer(() => {
    if (session.phase !== "open") return undefined;
    const allowed = new Map<string, StreamPosition>();
    const refused: Record<string, StreamRecovery> = {};
    for (const [stream, position] of since) {
      if (mayReceive(session, stream)) allowed.set(stream, position);
      else refused[stream] = { recovered: false, why: "not_member" };
    }
    const done = streams!.recover(allowed, (results) => {
      const payload = encodeEnvelope(ReservedType.Recover, {
        streams: { ...refused, ...results },
      }, id);
      session.sendPayload(payload, utf8ByteLength(payload));
    });
    session.runtime.core.inFlight.track(done);
    return done;
  });
  if (!accepted) {
    rejectMessage(
      session,
      new ProtocolError(
        ErrorCode.Overloaded,
        `"recover" was not handled: ${session.runtime.limits.maxQueuedMessages} earlier messages of this connection are still being handled (maxQueuedMessages)`,
      ),
      id,
      "overloaded",
    );
  }
}

function mayReceive(session: Session, stream: string): boolean {
  if (stream.startsWith("room:")) return session.rooms.has(stream.slice(5));
  if (stream.startsWith("user:")) {
    return session.userId !== undefined &&
      stream.slice(5) === session.userId;
  }
  return false;
}

function parsePositions(data: unknown): Map<string, StreamPosition> {
  const streams = isRecord(data) ? data.streams : undefined;
  if (!isRecord(streams)) {
    throw invalid("$.streams", "expected an object of stream positions");
  }
  const entries = Object.entries(streams);
  if (entries.length > MAX_STREAMS) {
    throw invalid("$.streams", `at most ${MAX_STREAMS} streams`);
  }
  const positions = new Map<string, StreamPosition>();
  for (const [stream, position] of entries) {
    const path = `$.streams[${JSON.stringify(stream)}]`;
    if (
      !isRecord(position) || typeof position.offset !== "number" ||
      !Number.isSafeInteger(position.offset) || position.offset < 0 ||
      typeof position.epoch !== "string" || position.epoch.length > 64
    ) {
      throw invalid(path, "expected {offset: integer >= 0, epoch: string}");
    }
    positions.set(stream, { offset: position.offset, epoch: position.epoch });
  }
  return positions;
}

function invalid(path: string, message: string): ProtocolError {
  return new ProtocolError(ErrorCode.InvalidData, message, path);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
