import type { EventMap } from "./connection.ts";

/**
 * History of a route: what it keeps so that a client that reconnects (to
 * this node or another) gets the room and user publications it missed, in
 * order and exactly once, or is told it cannot (`recovered: false`). The
 * publications of `toRoom` and `toUser` become streams (`room:<room>`,
 * `user:<userId>`) with offsets; see docs/PROTOCOL.md, "Streams and
 * recovery".
 *
 * @example Usage
 * ```ts
 * import type { RouteHistoryOptions } from "@wiretype/wiretype/server";
 * type Events = { message: { text: string }; typing: { user: string } };
 * const history: RouteHistoryOptions<Events> = {
 *   size: 100, // the last 100 publications of each room and user
 *   ttlMs: 5 * 60_000, // for 5 minutes after a stream's latest publication
 *   events: ["message"], // typing indicators are not worth recovering
 * };
 * ```
 */
export interface RouteHistoryOptions<Events extends EventMap = EventMap> {
  /** How many publications each stream keeps, at least 1. */
  readonly size: number;
  /** How long a stream is kept after its latest publication, in ms. */
  readonly ttlMs: number;
  /** The events that are recorded; default every event sent with `toRoom` or `toUser`. */
  readonly events?: readonly (keyof Events & string)[];
}
