import { ClusterFanout } from "./cluster_fanout.ts";
import {
  CLUSTER_FANOUT_OPTION_KEYS,
  type ClusterFanoutOptions,
} from "./cluster_fanout_options.ts";
import { BroadcastChannelTransport } from "./_broadcast_channel_transport.ts";
import { checkKnownKeys, checkName, optionKeys } from "../_option_checks.ts";

/**
 * Settings of a {@link BroadcastChannelFanout}.
 *
 * @example Usage
 * ```ts
 * import type { BroadcastChannelFanoutOptions } from "@wiretype/wiretype/fanout";
 *
 * const options: BroadcastChannelFanoutOptions = { channel: "my-chat", heartbeatIntervalMs: 2_000 };
 * ```
 */
export interface BroadcastChannelFanoutOptions extends ClusterFanoutOptions {
  /**
   * The `BroadcastChannel` name, one per application: two applications in
   * the same Deploy project (or process) with the same name would receive
   * each other's messages. Default `wiretype`.
   */
  readonly channel?: string;
}

const OPTION_KEYS = [
  ...CLUSTER_FANOUT_OPTION_KEYS,
  ...optionKeys<
    Omit<BroadcastChannelFanoutOptions, keyof ClusterFanoutOptions>
  >({ channel: true }),
];

/**
 * Fan-out between the isolates of a Deno Deploy application and the workers
 * of `deno serve --parallel`, over a `BroadcastChannel`. Needs no server.
 * Delivery is at most once, like the channel's: Deno's `BroadcastChannel`
 * keeps a few hundred posts for a busy receiver and drops older ones, so
 * bursts are batched into few posts, and gaps are counted in
 * `stats().messagesLost`. Presence is replicated with join/leave messages
 * and heartbeats (see {@link ClusterFanout}).
 *
 * The server closes the fan-out when it shuts down; an open channel keeps a
 * `deno serve` worker alive, so a fan-out created outside `createServer`
 * must be closed by its owner.
 *
 * @example Usage
 * ```ts
 * import { createServer, type Route } from "@wiretype/wiretype";
 * import { BroadcastChannelFanout } from "@wiretype/wiretype/fanout";
 *
 * declare const chat: Route; // chatRoute(handlers), from the generated chat_server.ts
 * export default createServer({
 *   routes: [chat],
 *   fanout: new BroadcastChannelFanout({ channel: "my-chat" }),
 * });
 * // DENO_JOBS=4 deno serve --parallel main.ts
 * ```
 */
export class BroadcastChannelFanout extends ClusterFanout {
  /** The channel name in use. */
  readonly channel: string;

  /** Creates a fan-out on channel `options.channel`; nothing is opened until `start`. */
  constructor(options: BroadcastChannelFanoutOptions = {}) {
    checkKnownKeys("BroadcastChannelFanout", "", options, OPTION_KEYS);
    const channel = checkName(
      "BroadcastChannelFanout",
      "channel",
      options.channel ?? "wiretype",
    );
    super(
      new BroadcastChannelTransport(channel),
      options,
      "BroadcastChannelFanout",
    );
    this.channel = channel;
  }
}
