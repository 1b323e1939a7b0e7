/**
 * Stable codes of the errors that travel on the wire in
 * `{"type": "error", "id"?, "data": {"code", "message", "path"?}}`.
 * Clients may switch on them; the messages are for people.
 *
 * @example Usage
 * ```ts
 * import { ErrorCode, ProtocolError } from "@wiretype/wiretype";
 *
 * function explain(error: unknown): string {
 *   if (error instanceof ProtocolError && error.code === ErrorCode.InvalidData) {
 *     return `the server refused the value at ${error.path}`;
 *   }
 *   return String(error);
 * }
 * ```
 */
export const ErrorCode = {
  /** The frame is not valid JSON. */
  InvalidJson: "invalid_json",
  /** Valid JSON, but not `{type, data, id?}`. */
  InvalidEnvelope: "invalid_envelope",
  /** JSON nested deeper than the route's `maxJsonDepth`. */
  TooDeep: "too_deep",
  /** A binary frame on a JSON route. */
  BinaryNotSupported: "binary_not_supported",
  /** No client message or RPC of that name in the protocol. */
  UnknownType: "unknown_type",
  /** `data` does not match the protocol; `path` says where. */
  InvalidData: "invalid_data",
  /** An RPC request without `id`. */
  MissingId: "missing_id",
  /** An `id` on a message that is not an RPC. */
  UnexpectedId: "unexpected_id",
  /** The per-connection rate limit is exhausted; slow down. */
  RateLimited: "rate_limited",
  /**
   * Too many of this connection's messages wait for their handlers
   * (`maxQueuedMessages`): this one was refused and not handled. Send it
   * again once earlier messages were answered.
   */
  Overloaded: "overloaded",
  /** Not authenticated (yet), or the token was refused. */
  Unauthenticated: "unauthenticated",
  /** Authenticated but not allowed. */
  Forbidden: "forbidden",
  /** The handler failed; the server logged the details. */
  InternalError: "internal_error",
  /** The client and server were generated from different protocols. */
  VersionMismatch: "version_mismatch",
} as const;

/** One of the wire error codes in {@link ErrorCode}. */
export type ErrorCode = typeof ErrorCode[keyof typeof ErrorCode];

/** The `data` of an `error` message on the wire. */
export interface ErrorData {
  /** A stable code from {@link ErrorCode}. */
  readonly code: string;
  /** A human-readable explanation. */
  readonly message: string;
  /** For `invalid_data`: the JSON path of the offending value. */
  readonly path?: string;
}

/**
 * An error that crosses the wire. Handlers may throw one to answer an RPC
 * with a specific code (anything else becomes `internal_error`); the client
 * rejects an RPC with one when the server answers with an error.
 *
 * @example Usage
 * ```ts
 * import { ErrorCode, ProtocolError } from "@wiretype/wiretype";
 *
 * throw new ProtocolError(ErrorCode.Forbidden, "only moderators may do that");
 * ```
 */
export class ProtocolError extends Error {
  /** A stable code, usually one of {@link ErrorCode}. */
  readonly code: string;
  /** For `invalid_data`: the JSON path of the offending value. */
  readonly path?: string;

  /** Creates an error with a stable `code`, a message and an optional JSON path. */
  constructor(code: string, message: string, path?: string) {
    super(message);
    this.name = "ProtocolError";
    this.code = code;
    if (path !== undefined) this.path = path;
  }

  /** The wire form of this error. */
  toData(): ErrorData {
    return this.path === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, path: this.path };
  }
}
