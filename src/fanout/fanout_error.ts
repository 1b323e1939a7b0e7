/**
 * Stable codes of {@link FanoutError}.
 *
 * @example Usage
 * ```ts
 * import { FanoutErrorCode } from "@wiretype/wiretype/fanout";
 * FanoutErrorCode.InvalidOption; // "invalid_option"
 * ```
 */
export const FanoutErrorCode = {
  /** An option is missing, of the wrong type or out of range. */
  InvalidOption: "invalid_option",
  /** `start` was called twice, or after `close`. */
  AlreadyStarted: "already_started",
} as const;

/** One of the codes in {@link FanoutErrorCode}. */
export type FanoutErrorCode =
  typeof FanoutErrorCode[keyof typeof FanoutErrorCode];

/**
 * A fan-out was misconfigured or misused. Transport outages are not errors:
 * they are logged and counted, and delivery continues locally.
 *
 * @example Usage
 * ```ts
 * import { FanoutError, FanoutErrorCode } from "@wiretype/wiretype/fanout";
 * throw new FanoutError(FanoutErrorCode.InvalidOption, "RedisFanout: url is required");
 * ```
 */
export class FanoutError extends Error {
  /** A stable code from {@link FanoutErrorCode}. */
  readonly code: FanoutErrorCode;

  /** Creates an error with a stable code and a message naming the fix. */
  constructor(code: FanoutErrorCode, message: string) {
    super(message);
    this.name = "FanoutError";
    this.code = code;
  }
}
