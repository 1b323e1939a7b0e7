import { CloseCode, isTerminalCloseCode } from "../wire/close_codes.ts";
import { serverVersionOf } from "../wire/version.ts";
import { backoffDelayMs } from "./_backoff.ts";
import type { ReconnectOptions } from "./client_options.ts";

/** What to do after a connection or attempt ended. */
export type RetryDecision =
  | {
    readonly kind: "retry";
    readonly attempt: number;
    readonly nextRetryMs: number;
    /** What ended the connection or attempt, for the `reconnecting` state. */
    readonly code: number;
    readonly reason: string;
  }
  | { readonly kind: "stop"; readonly code: number; readonly reason: string };

/**
 * Decides whether and when to reconnect: backoff with full jitter, at most
 * `maxAttempts` failures in a row, no retry after close codes that would
 * fail the same way again, and one retry with fresh credentials after a
 * 4401 (the token may just have expired) but not a second. A 4409 from a
 * server of one of the client's earlier revisions is retried too: the
 * server is older than the client, which happens while a deploy rolls out.
 */
export class RetryPolicy {
  readonly #reconnect: Required<ReconnectOptions>;
  readonly #random: () => number;
  /** Failed attempts since the last welcome. */
  #failures = 0;
  /** 4401 closes since the last welcome. */
  #authRefusals = 0;
  readonly #olderVersions: ReadonlySet<string>;

  constructor(
    reconnect: Required<ReconnectOptions>,
    random: () => number,
    olderVersions: readonly string[] = [],
  ) {
    this.#reconnect = reconnect;
    this.#random = random;
    this.#olderVersions = new Set(olderVersions);
  }

  /** A connection was welcomed (or a new session starts): the counts restart. */
  reset(): void {
    this.#failures = 0;
    this.#authRefusals = 0;
  }

  /** The socket closed with `code`. */
  afterClose(code: number, reason: string): RetryDecision {
    if (code === CloseCode.Unauthenticated && this.#authRefusals++ === 0) {
      return this.afterFailure(code, reason);
    }
    if (
      code === CloseCode.VersionMismatch &&
      this.#olderVersions.has(serverVersionOf(reason) ?? "")
    ) {
      return this.afterFailure(code, reason);
    }
    if (isTerminalCloseCode(code)) {
      return {
        kind: "stop",
        code,
        reason: reason || `closed by the server with ${code}`,
      };
    }
    return this.afterFailure(code, reason);
  }

  /** An attempt failed, or a connection ended in a way worth retrying. */
  afterFailure(code: number, reason: string): RetryDecision {
    const { maxAttempts } = this.#reconnect;
    this.#failures += 1;
    if (this.#failures > maxAttempts) {
      return {
        kind: "stop",
        code,
        reason: `gave up after ${maxAttempts} reconnect attempts; last: ${
          reason || code
        }`,
      };
    }
    return {
      kind: "retry",
      attempt: this.#failures,
      nextRetryMs: backoffDelayMs(
        this.#failures,
        this.#reconnect,
        this.#random,
      ),
      code,
      reason,
    };
  }
}
