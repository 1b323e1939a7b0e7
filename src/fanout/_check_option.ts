import { FanoutError, FanoutErrorCode } from "./fanout_error.ts";

/** Returns `value ?? fallback` if it is a positive finite number, else throws naming the option. */
export function positiveMs(
  owner: string,
  name: string,
  value: number | undefined,
  fallback: number,
): number {
  const ms = value ?? fallback;
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms <= 0) {
    throw invalidOption(
      `${owner}: ${name} must be a positive number of milliseconds, got ${
        String(ms)
      }`,
    );
  }
  return ms;
}

/** Returns `value ?? fallback` if it is a non-empty string matching `pattern`, else throws naming the option. */
export function nameOption(
  owner: string,
  name: string,
  value: string | undefined,
  fallback: string,
  pattern = /^.+$/s,
): string {
  const text = value ?? fallback;
  if (typeof text !== "string" || !pattern.test(text)) {
    throw invalidOption(
      `${owner}: ${name} must be a non-empty string matching ${pattern}, got ${
        JSON.stringify(text)
      }`,
    );
  }
  return text;
}

/** The error for a bad option; its message names the owner and the option. */
export function invalidOption(message: string): FanoutError {
  return new FanoutError(FanoutErrorCode.InvalidOption, message);
}
