/**
 * Stable codes of the errors `createServer` throws when it is misconfigured.
 * They are raised at start-up, never while serving.
 *
 * @example Usage
 * ```ts
 * import { ServerErrorCode } from "@wiretype/wiretype/server";
 * ServerErrorCode.InvalidOption; // "invalid_option"
 * ```
 */
export const ServerErrorCode = {
  /** An option has the wrong type or is out of range. */
  InvalidOption: "invalid_option",
  /** Two routes claim the same path, or a route is served twice. */
  DuplicateRoute: "duplicate_route",
  /** A route requires authentication but the server has no `auth`. */
  AuthNotConfigured: "auth_not_configured",
} as const;

/** One of the codes in {@link ServerErrorCode}. */
export type ServerErrorCode =
  typeof ServerErrorCode[keyof typeof ServerErrorCode];

/**
 * A configuration error of the server runtime. The message names the option
 * and says what to change.
 *
 * @example Usage
 * ```ts
 * import { ServerError, ServerErrorCode } from "@wiretype/wiretype/server";
 * throw new ServerError(ServerErrorCode.InvalidOption, "limits.maxMessageBytes must be a positive integer, got -1");
 * ```
 */
export class ServerError extends Error {
  /** A stable code from {@link ServerErrorCode}. */
  readonly code: ServerErrorCode;

  /** Creates an error with a stable code and a message naming the option. */
  constructor(code: ServerErrorCode, message: string) {
    super(message);
    this.name = "ServerError";
    this.code = code;
  }
}
