/**
 * What a fan-out logs: losing and regaining its transport, and other nodes
 * appearing and disappearing.
 *
 * @example Usage
 * ```ts
 * import type { FanoutLogEvent, FanoutLogger } from "@wiretype/wiretype/fanout";
 *
 * const logger: FanoutLogger = {
 *   log(event: FanoutLogEvent) {
 *     if (event.kind === "fanout_outage") console.error(`node ${event.nodeId} lost the fan-out`);
 *   },
 * };
 * ```
 */
export type FanoutLogEvent =
  | {
    readonly kind: "fanout_outage";
    readonly nodeId: string;
    /** The transport's name, e.g. `redis`. */
    readonly transport: string;
    readonly error: unknown;
  }
  | {
    readonly kind: "fanout_recovered";
    readonly nodeId: string;
    readonly transport: string;
    /** How long the outage lasted. */
    readonly outageMs: number;
    /** Publications dropped so far (all outages). */
    readonly publishesDropped: number;
  }
  | {
    /** Messages from other nodes were lost since the last report (see `FanoutStats.messagesLost`). */
    readonly kind: "fanout_messages_lost";
    readonly nodeId: string;
    readonly count: number;
  }
  | {
    /** The server's receiver threw on a delivery from another node. */
    readonly kind: "fanout_delivery_failed";
    readonly nodeId: string;
    readonly error: unknown;
  }
  | {
    readonly kind:
      | "fanout_node_joined"
      | "fanout_node_left"
      | "fanout_node_lost";
    readonly nodeId: string;
    /** The other node. `left`: said goodbye; `lost`: its heartbeats stopped. */
    readonly otherNodeId: string;
  };

/**
 * Where fan-out log events go; same shape as the server's `Logger`.
 *
 * @example Usage
 * ```ts
 * import { BroadcastChannelFanout, type FanoutLogEvent } from "@wiretype/wiretype/fanout";
 *
 * const events: FanoutLogEvent[] = [];
 * const fanout = new BroadcastChannelFanout({ logger: { log: (event) => events.push(event) } });
 * ```
 */
export interface FanoutLogger {
  /** Records one event; must not throw. */
  log(event: FanoutLogEvent): void;
}

/**
 * One line per event on the console: outages on `console.error`, the rest on
 * `console.log`. The default logger of every fan-out.
 *
 * @example Usage
 * ```ts
 * import { consoleFanoutLogger, RedisFanout } from "@wiretype/wiretype/fanout";
 *
 * const fanout = new RedisFanout({ url: "redis://127.0.0.1:6379", logger: consoleFanoutLogger() });
 * // fanout redis outage on node 3f2a9c1e: connect ECONNREFUSED 127.0.0.1:6379
 * ```
 */
export function consoleFanoutLogger(): FanoutLogger {
  return {
    log(event) {
      switch (event.kind) {
        case "fanout_outage":
          console.error(
            `fanout ${event.transport} outage on node ${event.nodeId}: ${
              event.error instanceof Error
                ? event.error.message
                : String(event.error)
            }; delivering locally only until it is back`,
          );
          return;
        case "fanout_messages_lost":
          console.error(
            `fanout node ${event.nodeId}: ${event.count} messages from other nodes were lost (transport overloaded or down)`,
          );
          return;
        case "fanout_delivery_failed":
          console.error(
            `fanout node ${event.nodeId}: delivering a message from another node failed`,
            event.error,
          );
          return;
        case "fanout_recovered":
          console.log(
            `fanout ${event.transport} recovered on node ${event.nodeId} after ${
              Math.round(event.outageMs)
            }ms (${event.publishesDropped} publications dropped so far)`,
          );
          return;
        default:
          console.log(
            `fanout node ${event.nodeId}: node ${event.otherNodeId} ${
              event.kind.slice("fanout_node_".length)
            }`,
          );
      }
    },
  };
}
