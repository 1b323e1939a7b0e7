/**
 * Why the server could not recover a stream, as the answer to `recover`
 * says per stream (`"why"` beside `"recovered": false`):
 *
 * - `history_lost`: the stream's history started again (another epoch): the
 *   store restarted or dropped it, as a `MemoryHistoryStore` does when its
 *   process goes (a redeploy).
 * - `too_far_behind`: more was missed than the history keeps (its `size`,
 *   or `ttlMs` passed).
 * - `not_member`: the connection does not receive the stream (it left the
 *   room, or may not see that user's stream).
 * - `store_unavailable`: the server could not read its history store.
 *
 * @module
 */

/** The reasons the server gives, in the order of the list above. */
export const SERVER_UNRECOVERED_REASONS = [
  "history_lost",
  "too_far_behind",
  "not_member",
  "store_unavailable",
] as const;

/**
 * One of {@link SERVER_UNRECOVERED_REASONS}.
 *
 * @example Usage
 * ```ts
 * import type { ServerUnrecoveredReason } from "./unrecovered.ts";
 * const why: ServerUnrecoveredReason = "too_far_behind";
 * ```
 */
export type ServerUnrecoveredReason = typeof SERVER_UNRECOVERED_REASONS[number];
