import { ServerError, ServerErrorCode } from "./server_error.ts";

/**
 * Throws an `invalid_option` error unless `value` is a finite number within
 * `[min, max]` (and an integer when `integer` is set), so a bad option fails
 * at start-up with its name rather than at the first connection.
 */
export function checkNumberOption(
  name: string,
  value: unknown,
  { min, max = Number.MAX_SAFE_INTEGER, integer = false }: {
    readonly min: number;
    readonly max?: number;
    readonly integer?: boolean;
  },
): number {
  if (
    typeof value !== "number" || !Number.isFinite(value) || value < min ||
    value > max || (integer && !Number.isInteger(value))
  ) {
    const kind = integer ? "an integer" : "a number";
    const range = max === Number.MAX_SAFE_INTEGER
      ? `>= ${min}`
      : `between ${min} and ${max}`;
    throw new ServerError(
      ServerErrorCode.InvalidOption,
      `createServer: ${name} must be ${kind} ${range}, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * The error for an option that is not a number: names it and says what is
 * accepted.
 */
export function invalidOption(message: string): ServerError {
  return new ServerError(
    ServerErrorCode.InvalidOption,
    `createServer: ${message}`,
  );
}
