/**
 * Stable codes of {@link FanoutError}. A bad option is not among them: it
 * throws a `TypeError` or `RangeError` when the fan-out is constructed.
 *
 * @example Usage
 * ```ts
 * import { FanoutErrorCode } from "@wiretype/wiretype/fanout";
 * FanoutErrorCode.AlreadyStarted; // "already_started"
 * ```
 */
export const FanoutErrorCode = {
  /** `start` was called twice, or after `close`. */
  AlreadyStarted: "already_started",
} as const;

/** One of the codes in {@link FanoutErrorCode}. */
export type FanoutErrorCode =
  typeof FanoutErrorCode[keyof typeof FanoutErrorCode];

/**
 * A fan-out was misused at run time (started twice). Transport outages are
 * not errors: they are logged and counted, and delivery continues locally.
 *
 * @example Usage
 * ```ts
 * import { BroadcastChannelFanout, FanoutError } from "@wiretype/wiretype/fanout";
 *
 * const fanout = new BroadcastChannelFanout({ channel: "docs" });
 * await fanout.start({ deliver: () => {} });
 * try {
 *   await fanout.start({ deliver: () => {} });
 * } catch (error) {
 *   if (error instanceof FanoutError) console.warn(error.code); // "already_started"
 * } finally {
 *   await fanout.close();
 * }
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
