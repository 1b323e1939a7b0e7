import { ErrorCode, ProtocolError } from "./protocol_error.ts";

/** The id of an RPC request: an integer or a short string, echoed in the answer. */
export type RequestId = number | string;

/**
 * A decoded frame: `{"type": "...", "data": ..., "id"?: ...}`. `data` is
 * untrusted until a generated validator has narrowed it.
 *
 * @example Usage
 * ```ts
 * import type { Envelope } from "@wiretype/wiretype/codegen-runtime";
 *
 * const envelope: Envelope = { type: "say", data: { room: "general", text: "hi" } };
 * ```
 */
export interface Envelope {
  /** Message, event or RPC name. */
  readonly type: string;
  /** Present on RPC requests and their answers. */
  readonly id?: RequestId;
  /** The payload; `null` when the message has none. */
  readonly data: unknown;
}

/**
 * Message types the runtime itself uses on every route; protocols may not
 * define messages with these names (the code generator refuses them).
 *
 * @example Usage
 * ```ts
 * import { ReservedType } from "@wiretype/wiretype/codegen-runtime";
 *
 * ReservedType.Ping; // "ping"
 * ```
 */
export const ReservedType = {
  /** Client -> server: `{token}`, first-message authentication or refresh. */
  Auth: "auth",
  /** Server -> client: application heartbeat; the client answers `pong`. */
  Ping: "ping",
  /** Client -> server: answer to `ping`. */
  Pong: "pong",
  /** Server -> client: `{code, message, path?}`, with the request's `id` if any. */
  Error: "error",
  /** Server -> client, first frame once authenticated: connection facts. */
  Welcome: "welcome",
  /** Server -> client, on a route with history: `{stream, offset, epoch}` where a stream starts for this connection. */
  Position: "position",
  /** Client -> server with an `id`: `{streams: {name: {offset, epoch}}}`; the answer says per stream whether it was recovered. */
  Recover: "recover",
} as const;

const MAX_ID_LENGTH = 64;

/**
 * Parses one text frame into an envelope, refusing JSON nested deeper than
 * `maxDepth` before parsing it, so a hostile frame cannot make the parser
 * recurse. Throws {@link ProtocolError} with a stable code.
 *
 * @example Usage
 * ```ts
 * import { decodeEnvelope } from "@wiretype/wiretype/codegen-runtime";
 *
 * decodeEnvelope('{"type":"join","data":{"room":"a"}}', 32).type; // "join"
 * ```
 */
export function decodeEnvelope(text: string, maxDepth: number): Envelope {
  if (text.length > maxDepth && jsonDepthExceeds(text, maxDepth)) {
    throw new ProtocolError(
      ErrorCode.TooDeep,
      `JSON is nested deeper than ${maxDepth} levels`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ProtocolError(ErrorCode.InvalidJson, "frame is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw envelopeError("expected an object {type, data, id?}");
  }
  const { type, id, data, stream, offset, epoch } = parsed as Record<
    string,
    unknown
  >;
  if (typeof type !== "string" || type.length === 0) {
    throw envelopeError('"type" must be a non-empty string');
  }
  if (id !== undefined && !isRequestId(id)) {
    throw envelopeError(
      `"id" must be an integer or a string of at most ${MAX_ID_LENGTH} characters`,
    );
  }
  const envelope: Envelope = id === undefined
    ? { type, data: data ?? null }
    : { type, id, data: data ?? null };
  // A publication's position rides along, unchecked, for `positionOf`.
  return stream === undefined && offset === undefined && epoch === undefined
    ? envelope
    : { ...envelope, stream, offset, epoch } as Envelope;
}

/**
 * Serialises an envelope. Broadcasts call this once and send the same string
 * to every receiver.
 *
 * @example Usage
 * ```ts
 * import { encodeEnvelope } from "@wiretype/wiretype/codegen-runtime";
 *
 * encodeEnvelope("joined", { room: "a", user: "bob" });
 * // '{"type":"joined","data":{"room":"a","user":"bob"}}'
 * ```
 */
export function encodeEnvelope(
  type: string,
  data: unknown,
  id?: RequestId,
): string {
  return id === undefined
    ? JSON.stringify({ type, data: data ?? null })
    : JSON.stringify({ type, id, data: data ?? null });
}

/**
 * Serialises an `error` message answering request `id` (if any).
 *
 * @example Usage
 * ```ts
 * import { ErrorCode, ProtocolError } from "@wiretype/wiretype";
 * import { encodeError } from "@wiretype/wiretype/codegen-runtime";
 *
 * encodeError(new ProtocolError(ErrorCode.UnknownType, "no message named x"), 7);
 * ```
 */
export function encodeError(error: ProtocolError, id?: RequestId): string {
  return encodeEnvelope(ReservedType.Error, error.toData(), id);
}

function isRequestId(value: unknown): value is RequestId {
  return (typeof value === "number" && Number.isSafeInteger(value)) ||
    (typeof value === "string" && value.length > 0 &&
      value.length <= MAX_ID_LENGTH);
}

function envelopeError(message: string): ProtocolError {
  return new ProtocolError(ErrorCode.InvalidEnvelope, message);
}

const OPEN_BRACE = 123, OPEN_BRACKET = 91, CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93, QUOTE = 34, BACKSLASH = 92;

/** Scans brackets outside strings; true when nesting passes `maxDepth`. */
function jsonDepthExceeds(text: string, maxDepth: number): boolean {
  // Nesting needs one opening bracket per level: a frame with at most
  // `maxDepth` of them cannot be too deep, and indexOf counts them natively.
  if (
    countUpTo(text, "{", maxDepth + 1) + countUpTo(text, "[", maxDepth + 1) <=
      maxDepth
  ) {
    return false;
  }
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/** Occurrences of `char` in `text`, counting no further than `limit`. */
function countUpTo(text: string, char: string, limit: number): number {
  let count = 0;
  for (
    let at = text.indexOf(char);
    at !== -1 && count < limit;
    at = text.indexOf(char, at + 1)
  ) {
    count++;
  }
  return count;
}
