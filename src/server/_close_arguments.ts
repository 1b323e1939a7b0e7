import { utf8ByteLength } from "./_utf8.ts";

const MAX_REASON_BYTES = 123;

/**
 * Refuses a close code or reason the WebSocket protocol refuses, with a
 * message saying what is allowed, before any state changes.
 */
export function checkCloseArguments(code: number, reason: string): void {
  const valid = Number.isInteger(code) &&
    ((code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
      (code >= 3000 && code <= 4999));
  if (!valid) {
    throw new RangeError(
      `close code ${code} cannot be sent; use 1000, 1001-1003, 1007-1014 or 3000-4999`,
    );
  }
  if (utf8ByteLength(reason) > MAX_REASON_BYTES) {
    throw new RangeError(
      `close reason is longer than ${MAX_REASON_BYTES} bytes`,
    );
  }
}
