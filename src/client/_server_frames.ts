import { ProtocolError } from "../wire/protocol_error.ts";
import type { ValidationIssue } from "../wire/validation.ts";

/** The facts a `welcome` frame gives the client. */
export interface Welcome {
  readonly connectionId: string;
  readonly pingIntervalMs: number;
}

/** Reads a `welcome` frame's data; undefined when it is malformed. */
export function parseWelcome(data: unknown): Welcome | undefined {
  if (!isRecord(data)) return undefined;
  const { connectionId, pingIntervalMs } = data;
  if (typeof connectionId !== "string") return undefined;
  if (
    typeof pingIntervalMs !== "number" || !(pingIntervalMs > 0) ||
    !Number.isFinite(pingIntervalMs)
  ) {
    return undefined;
  }
  return { connectionId, pingIntervalMs };
}

/** A stream's position as a `position` frame or a `recover` answer gives it. */
export interface StreamPositionData {
  readonly offset: number;
  readonly epoch: string;
}

/** A `position` frame's data. */
export interface PositionFrame {
  readonly stream: string;
  readonly position: StreamPositionData;
  /**
   * True when the frame stands for a publication this connection was left
   * out of (the sender of a `toRoom` with `except`): its offset is used.
   */
  readonly skipped: boolean;
}

/**
 * Reads a `position` frame's data, `{stream, offset, epoch, skipped?}`
 * (offset 0 for a stream with no publication yet); undefined when it is
 * malformed.
 */
export function parsePositionFrame(data: unknown): PositionFrame | undefined {
  if (!isRecord(data)) return undefined;
  const { stream } = data;
  if (typeof stream !== "string" || stream.length === 0) return undefined;
  const position = readPosition(data);
  if (position === undefined) return undefined;
  return { stream, position, skipped: data.skipped === true };
}

/**
 * The answer to `recover`: per stream, whether it was recovered and where
 * it is; no position for a stream the connection no longer receives.
 */
export interface RecoverAnswer {
  readonly streams: {
    readonly [stream: string]: Partial<StreamPositionData> & {
      readonly recovered: boolean;
      /** Why not, from a server that says (any string: checked where read). */
      readonly why?: unknown;
    };
  };
}

/** Checks the answer to `recover`: `{streams: {<stream>: {recovered, offset?, epoch?}}}`. */
export function validateRecoverAnswer(
  value: unknown,
): ValidationIssue | undefined {
  if (!isRecord(value)) return { path: "", message: "expected object" };
  if (!isRecord(value.streams)) {
    return { path: ".streams", message: "expected object" };
  }
  for (const [stream, entry] of Object.entries(value.streams)) {
    const path = `.streams[${JSON.stringify(stream)}]`;
    if (!isRecord(entry) || typeof entry.recovered !== "boolean") {
      return { path, message: "expected {recovered, offset?, epoch?}" };
    }
    const hasPosition = entry.offset !== undefined ||
      entry.epoch !== undefined;
    if (hasPosition && readPosition(entry) === undefined) {
      return {
        path,
        message: "expected an integer offset >= 0 and a non-empty epoch",
      };
    }
  }
  return undefined;
}

function readPosition(
  data: Record<string, unknown>,
): StreamPositionData | undefined {
  const { offset, epoch } = data;
  if (
    typeof offset !== "number" || !Number.isSafeInteger(offset) || offset < 0
  ) {
    return undefined;
  }
  if (typeof epoch !== "string" || epoch.length === 0) return undefined;
  return { offset, epoch };
}

/** Checks the answer to an `auth` message: `{userId, expiresAt}` (either may be null). */
export function validateAuthAnswer(
  value: unknown,
): ValidationIssue | undefined {
  if (!isRecord(value)) return { path: "", message: "expected object" };
  if (typeof value.userId !== "string" && value.userId !== null) {
    return { path: ".userId", message: "expected string or null" };
  }
  const { expiresAt } = value;
  if (
    expiresAt !== undefined && expiresAt !== null &&
    typeof expiresAt !== "number" && typeof expiresAt !== "string"
  ) {
    return { path: ".expiresAt", message: "expected number or string" };
  }
  return undefined;
}

/**
 * When the token of a validated `auth` answer expires, in epoch
 * milliseconds. Accepts epoch seconds (JWT `exp`), epoch milliseconds or an
 * ISO date, since servers differ.
 */
export function authExpiresAtMs(answer: unknown): number | undefined {
  const expiresAt = isRecord(answer) ? answer.expiresAt : undefined;
  if (typeof expiresAt === "string") {
    const parsed = Date.parse(expiresAt);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  if (typeof expiresAt !== "number" || !Number.isFinite(expiresAt)) {
    return undefined;
  }
  // Epoch seconds stay below 1e11 until the year 5138.
  return expiresAt < 1e11 ? expiresAt * 1_000 : expiresAt;
}

// Refresh a token this long before it expires (at most a quarter of its life).
const REFRESH_MARGIN_MS = 30_000;

/**
 * How long to wait before refreshing a token that expires at `expiresAtMs`;
 * undefined when there is nothing to schedule (no expiry, or already past:
 * the server then closes with 4401 and the reconnect re-authenticates).
 */
export function refreshDelayMs(
  expiresAtMs: number | undefined,
  nowMs: number,
): number | undefined {
  if (expiresAtMs === undefined) return undefined;
  const remainingMs = expiresAtMs - nowMs;
  if (!(remainingMs > 0)) return undefined;
  const delayMs = remainingMs - Math.min(REFRESH_MARGIN_MS, remainingMs / 4);
  // Timers overflow past 2^31 - 1 ms; a refresh that far out can wait.
  return Math.min(Math.round(delayMs), 2_147_483_647);
}

/** Turns an `error` frame's data into a {@link ProtocolError}. */
export function toProtocolError(data: unknown): ProtocolError {
  if (!isRecord(data) || typeof data.code !== "string") {
    return new ProtocolError("unknown", "the server sent a malformed error");
  }
  const message = typeof data.message === "string" ? data.message : data.code;
  const path = typeof data.path === "string" ? data.path : undefined;
  return new ProtocolError(data.code, message, path);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
