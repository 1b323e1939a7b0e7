import type { TransportStats } from "./fanout_transport.ts";

/**
 * Counters of a cluster fan-out, for metrics and health checks.
 *
 * @example Usage
 * ```ts
 * import { type FanoutStats, RedisFanout } from "@wiretype/wiretype/fanout";
 *
 * const fanout = new RedisFanout({ url: "redis://127.0.0.1:6379" });
 * const stats: FanoutStats = fanout.stats();
 * if (!stats.connected) console.warn(`fan-out down, ${stats.publishesDropped} dropped`);
 * ```
 */
export interface FanoutStats extends TransportStats {
  /** This node's id. */
  readonly nodeId: string;
  /** The transport's name, e.g. `redis`. */
  readonly transport: string;
  /** Other nodes heard from within `nodeTimeoutMs`. */
  readonly liveNodes: number;
  /** Deliveries handed to the transport. */
  readonly deliveriesPublished: number;
  /** Deliveries from other nodes passed to the local receivers. */
  readonly deliveriesReceived: number;
  /**
   * Messages from other nodes that never arrived, counted from gaps in
   * their sequence numbers (a lagging BroadcastChannel receiver, a Redis
   * outage). Logged as `fanout_messages_lost` once per heartbeat.
   */
  readonly messagesLost: number;
  /**
   * Of `messagesLost`, the deliveries: room, user, connection and broadcast
   * messages that this node's connections never received. Every delivery
   * another node published either arrived or is counted here, once a later
   * delivery from that node arrives.
   */
  readonly deliveriesLost: number;
  /** This node's own messages handed back by the transport and dropped. */
  readonly echoesIgnored: number;
  /** Messages that were not of this format (foreign publishers, other versions). */
  readonly malformedMessages: number;
  /** Times the transport went down. */
  readonly outages: number;
  /** Times it came back. */
  readonly recoveries: number;
}
