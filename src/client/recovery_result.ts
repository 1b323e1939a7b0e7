/**
 * Why the client reports on its streams:
 *
 * - `reconnect`: the connection came back; the client presented its
 *   positions and the server replayed what was missed, or could not.
 * - `gap`: a publication arrived with an offset past the next one (a message
 *   lost on the way); the client asked for the missing ones.
 * - `new_epoch`: a publication arrived from a stream whose history was lost
 *   (the server's store restarted or expired it): what came before is gone.
 *
 * @example Usage
 * ```ts
 * import type { RecoveryReason } from "@wiretype/wiretype/client";
 * const reason: RecoveryReason = "reconnect";
 * ```
 */
export type RecoveryReason = "reconnect" | "gap" | "new_epoch";

/**
 * What the client learnt about the streams it follows (`room:<room>`,
 * `user:<userId>` on a route with history): whether every publication it
 * missed has reached its listeners since, in order and once.
 *
 * A stream that was not recovered has lost publications for good: fetch what
 * the application shows of it again (a room's history, for instance).
 *
 * @example Usage
 * ```ts
 * import type { EventMap, RecoveryResult, WiretypeClient } from "@wiretype/wiretype/client";
 *
 * declare const chat: WiretypeClient<EventMap>; // a generated client, e.g. new ChatClient(options)
 * declare function reloadRoom(room: string): void; // your application's
 * chat.onRecovery((result: RecoveryResult) => {
 *   for (const [stream, { recovered }] of Object.entries(result.streams)) {
 *     if (!recovered && stream.startsWith("room:")) reloadRoom(stream.slice(5));
 *   }
 * });
 * ```
 */
export interface RecoveryResult {
  /** What caused this report. */
  readonly reason: RecoveryReason;
  /**
   * True when every stream below was recovered. After a reconnect on which
   * the client had no position to present (the route keeps no history, or
   * nothing was received yet), false with no streams: whatever was sent
   * while disconnected is lost.
   */
  readonly recovered: boolean;
  /** The streams this report is about, by name. */
  readonly streams: { readonly [stream: string]: StreamRecovery };
}

/**
 * Why a stream was not recovered:
 *
 * - `history_lost`: the stream's history started again (another epoch): its
 *   store restarted or dropped it, as a `MemoryHistoryStore` does when the
 *   server's process goes (a redeploy). A store shared by the nodes (Redis)
 *   keeps it.
 * - `too_far_behind`: more was missed than the route's history keeps (its
 *   `size`, or `ttlMs` passed).
 * - `not_member`: the connection does not receive the stream (it is no
 *   longer in the room).
 * - `store_unavailable`: the server could not read its history store.
 * - `no_answer`: the server did not answer within `rpcTimeoutMs`, or the
 *   connection was closing when the client asked.
 * - `refused`: the server answered the request with an error, or with an
 *   answer the client could not read.
 * - `unknown`: the server did not say (it predates reasons).
 *
 * @example Usage
 * ```ts
 * import type { UnrecoveredReason } from "@wiretype/wiretype/client";
 * const why: UnrecoveredReason = "history_lost";
 * ```
 */
export type UnrecoveredReason =
  | "history_lost"
  | "too_far_behind"
  | "not_member"
  | "store_unavailable"
  | "no_answer"
  | "refused"
  | "unknown";

/**
 * The outcome for one stream of a {@link RecoveryResult}: recovered, or not
 * and why.
 *
 * @example Usage
 * ```ts
 * import type { StreamRecovery } from "@wiretype/wiretype/client";
 * const outcome: StreamRecovery = { recovered: false, why: "too_far_behind" };
 * ```
 */
export type StreamRecovery =
  /** Every missed publication of the stream was delivered. */
  | { readonly recovered: true }
  /** None was: what the stream sent while the client missed it is lost. */
  | { readonly recovered: false; readonly why: UnrecoveredReason };

/**
 * Counters of the client's stream positions, for metrics and debugging.
 *
 * @example Usage
 * ```ts
 * import type { EventMap, StreamStats, WiretypeClient } from "@wiretype/wiretype/client";
 *
 * declare const chat: WiretypeClient<EventMap>; // a generated client, e.g. new ChatClient(options)
 * const stats: StreamStats = chat.streamStats;
 * console.log(`${stats.duplicatesDropped} duplicates dropped`);
 * ```
 */
export interface StreamStats {
  /** How many streams the client holds a position of. */
  readonly streams: number;
  /** Publications dropped because their offset was already delivered. */
  readonly duplicatesDropped: number;
  /** Publications that arrived past a missing one, each sending a `recover`. */
  readonly gapsDetected: number;
}
