/**
 * The check every option test makes: the call throws exactly a `TypeError`
 * or `RangeError` (not a subclass, not a typed error) whose message contains
 * `message`, the option's name as the user would search for it.
 *
 * @module
 */
import { assertThrows } from "./assert.ts";

/** Asserts that `call` throws `kind` with `message` in its message. */
export function assertOptionError(
  call: () => unknown,
  kind: TypeErrorConstructor | RangeErrorConstructor,
  message: string | RegExp,
): void {
  assertThrows(call, (error: unknown) => {
    if (!(error instanceof Error) || error.constructor !== kind) {
      throw new Error(
        `expected a ${kind.name}, got ${
          error instanceof Error ? `${error.name}: ${error.message}` : error
        }`,
      );
    }
    const found = typeof message === "string"
      ? error.message.includes(message)
      : message.test(error.message);
    if (!found) {
      throw new Error(
        `expected the message to mention ${message}, got: ${error.message}`,
      );
    }
    return true;
  });
}

/** Asserts that `promise` rejects with exactly `kind` with `message` in its message. */
export async function assertOptionRejection(
  promise: Promise<unknown>,
  kind: TypeErrorConstructor | RangeErrorConstructor,
  message: string | RegExp,
): Promise<void> {
  let rejection: unknown;
  try {
    await promise;
  } catch (error) {
    rejection = error;
  }
  assertOptionError(
    () => {
      if (rejection === undefined) return;
      throw rejection;
    },
    kind,
    message,
  );
}
