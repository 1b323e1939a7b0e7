/**
 * Calling the client's `ticket` and `token` functions, for a connection
 * attempt and for a token refresh alike.
 *
 * @module
 */
import { describeValue } from "../_option_checks.ts";
import { ClientError, ClientErrorCode } from "./client_error.ts";

/**
 * Calls a credential function: its string, or the `ClientError`
 * (`ticket_failed` or `token_failed`) saying how it failed: it threw, or
 * gave something that is not a non-empty string, such as the `undefined` of
 * `(await response.json()).ticket` after a refused ticket request.
 * `during` ends the message (e.g. `" during a refresh"`).
 *
 * @example
 * ```ts
 * import { fetchCredential } from "./_credential.ts";
 *
 * const ticket = await fetchCredential("ticket", () => Promise.resolve("t1"));
 * ```
 */
export async function fetchCredential(
  name: "ticket" | "token",
  get: () => Promise<string>,
  during = "",
): Promise<string | ClientError> {
  const code = name === "ticket"
    ? ClientErrorCode.TicketFailed
    : ClientErrorCode.TokenFailed;
  let value: unknown;
  try {
    value = await get();
  } catch (cause) {
    // The cause's message too: it is what the state's reason shows.
    const why = cause instanceof Error ? cause.message : String(cause);
    return new ClientError(
      code,
      `the ${name} function failed${during}: ${why}`,
      { cause },
    );
  }
  if (typeof value === "string" && value.length > 0) return value;
  return new ClientError(
    code,
    `the ${name} function returned ${
      describeValue(value)
    }, not a ${name} (did the request for it fail?)${during}`,
  );
}
