/**
 * What a {@link FanoutTransport} calls as messages and connection changes
 * arrive.
 *
 * @example Usage
 * ```ts
 * import type { TransportHandlers } from "@wiretype/wiretype/fanout";
 *
 * function listen(socket: WebSocket, handlers: TransportHandlers): void {
 *   socket.onmessage = (event) => handlers.message(String(event.data));
 *   socket.onclose = (event) => handlers.outage(new Error(`closed ${event.code}`));
 * }
 * ```
 */
export interface TransportHandlers {
  /** A message from some node (possibly this one: the fan-out drops echoes). */
  message(text: string): void;
  /** The connection to the other nodes was lost; messages are lost until it is back. */
  outage(error: unknown): void;
  /** The connection is back; the fan-out re-announces this node. */
  recovered(): void;
}

/**
 * The transport's own counters, merged into the fan-out's stats.
 *
 * @example Usage
 * ```ts
 * import type { TransportStats } from "@wiretype/wiretype/fanout";
 *
 * const stats: TransportStats = { connected: true, publishesDropped: 0 };
 * ```
 */
export interface TransportStats {
  /** True while messages can be sent and received. */
  readonly connected: boolean;
  /** Messages not sent because the transport was down or the send failed. */
  readonly publishesDropped: number;
}

/**
 * The wire between nodes that a `ClusterFanout` speaks over: a
 * `BroadcastChannel`, Redis pub/sub, or anything that broadcasts strings to
 * every node. Sending never blocks; delivery is at most once.
 *
 * @example Usage
 * ```ts
 * import type { FanoutTransport } from "@wiretype/wiretype/fanout";
 *
 * const channel = new BroadcastChannel("my-app");
 * const transport: FanoutTransport = {
 *   name: "broadcast-channel",
 *   open(handlers) {
 *     channel.onmessage = (event) => handlers.message(String(event.data));
 *     return Promise.resolve();
 *   },
 *   send(text) {
 *     channel.postMessage(text);
 *   },
 *   close() {
 *     channel.close();
 *     return Promise.resolve();
 *   },
 *   stats: () => ({ connected: true, publishesDropped: 0 }),
 * };
 * ```
 */
export interface FanoutTransport {
  /** A short name for logs, e.g. `redis`. */
  readonly name: string;
  /** Connects and starts passing messages to `handlers`. */
  open(handlers: TransportHandlers): Promise<void>;
  /**
   * Sends one message to every node. `route` is set for deliveries (a
   * transport may use a channel per route) and undefined for presence.
   */
  send(text: string, route: string | undefined): void;
  /** Disconnects, after flushing what was already sent if it can. */
  close(): Promise<void>;
  /** The transport's counters. */
  stats(): TransportStats;
}
