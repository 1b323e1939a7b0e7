/**
 * What each close code and error code means to a client, for the exported
 * documents. Keyed by the runtime's own tables (src/wire/close_codes.ts,
 * src/wire/protocol_error.ts), so a code added there does not type-check
 * here until it is described.
 *
 * @module
 */
import { CloseCode } from "../src/wire/close_codes.ts";
import { ErrorCode } from "../src/wire/protocol_error.ts";

/** A close code as the documents describe it. */
export interface CloseCodeMeaning {
  readonly code: number;
  /** Its name in `CloseCode`, e.g. `RateLimited`. */
  readonly name: string;
  readonly meaning: string;
  readonly clientShould: string;
}

/** An error code as the documents describe it. */
export interface ErrorCodeMeaning {
  readonly code: string;
  readonly meaning: string;
}

const CLOSE: Readonly<
  Record<keyof typeof CloseCode, readonly [meaning: string, should: string]>
> = {
  Normal: ["closed on purpose (the client's own `close()`)", "nothing"],
  GoingAway: [
    "server shutting down, or connection stalled",
    "reconnect with backoff and jitter",
  ],
  Abnormal: [
    "never sent: the connection dropped without a close frame",
    "reconnect with backoff and jitter",
  ],
  PolicyViolation: [
    "policy violation (repeated bad input, a bad origin)",
    "fix the client",
  ],
  MessageTooBig: ["frame larger than the route's limit", "fix the client"],
  TryAgainLater: [
    "slow consumer: the server could not keep up with sending",
    "reconnect later",
  ],
  Unauthenticated: [
    "unauthenticated: bad token, or expired without refresh",
    "get a new token; do not retry blindly",
  ],
  Forbidden: ["forbidden on this route", "stop"],
  AuthTimeout: [
    "no authentication before the deadline",
    "reconnect and authenticate at once",
  ],
  VersionMismatch: [
    "protocol version mismatch",
    "stop; regenerate the client from the protocol",
  ],
  RateLimited: ["rate limited", "reconnect later, slower"],
};

const ERRORS: Readonly<Record<keyof typeof ErrorCode, string>> = {
  InvalidJson: "the frame is not JSON",
  InvalidEnvelope: "not `{type, data, id?}`, or a bad `id`",
  TooDeep: "JSON nested deeper than the route allows",
  BinaryNotSupported: "a binary frame",
  UnknownType: "no client message or RPC of that name",
  InvalidData:
    "`data` does not match the protocol; `path` is a JSON path such as `$.messages[2].text`",
  MissingId: "an RPC request without `id`",
  UnexpectedId: "an `id` on a message that is not an RPC",
  RateLimited: "slow down; persistent abuse closes with 4429",
  Overloaded:
    "too many of this connection's messages wait for their handlers; this one was not handled, send it again later",
  Unauthenticated: "not authenticated yet, or the token was refused",
  Forbidden: "not allowed",
  InternalError: "the handler failed; details are in the server log only",
  VersionMismatch: "generated from another protocol version",
};

/** Every close code, in ascending order. */
export const CLOSE_CODES: readonly CloseCodeMeaning[] = (
  Object.keys(CLOSE) as (keyof typeof CloseCode)[]
).map((name) => ({
  code: CloseCode[name],
  name,
  meaning: CLOSE[name][0],
  clientShould: CLOSE[name][1],
})).sort((a, b) => a.code - b.code);

/** Every error code of the runtime, in the order of `ErrorCode`. */
export const ERROR_CODES: readonly ErrorCodeMeaning[] = (
  Object.keys(ERRORS) as (keyof typeof ErrorCode)[]
).map((name) => ({ code: ErrorCode[name], meaning: ERRORS[name] }));
