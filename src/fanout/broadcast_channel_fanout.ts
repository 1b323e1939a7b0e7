import { ClusterFanout } from "./cluster_fanout.ts";
import type { ClusterFanoutOptions } from "./cluster_fanout_options.ts";
import type {
  FanoutTransport,
  TransportHandlers,
  TransportStats,
} from "./fanout_transport.ts";
import { nameOption } from "./_check_option.ts";

/** Settings of a {@link BroadcastChannelFanout}. */
export interface BroadcastChannelFanoutOptions extends ClusterFanoutOptions {
  /**
   * The `BroadcastChannel` name, one per application: two applications in
   * the same Deploy project (or process) with the same name would receive
   * each other's messages. Default `wiretype`.
   */
  readonly channel?: string;
}

/** Posts strings on a `BroadcastChannel`; the channel never hands a sender its own posts. */
class BroadcastChannelTransport implements FanoutTransport {
  readonly name = "broadcast-channel";
  readonly #channelName: string;
  #channel: BroadcastChannel | undefined;
  #publishesDropped = 0;

  constructor(channelName: string) {
    this.#channelName = channelName;
  }

  open(handlers: TransportHandlers): Promise<void> {
    const channel = new BroadcastChannel(this.#channelName);
    // Anything but a string was not posted by a wiretype node; handing on ""
    // lets the fan-out count it as malformed.
    channel.onmessage = (event: MessageEvent<unknown>) =>
      handlers.message(typeof event.data === "string" ? event.data : "");
    this.#channel = channel;
    return Promise.resolve();
  }

  send(text: string): void {
    try {
      this.#channel?.postMessage(text);
    } catch {
      // Only a closed channel throws here; the message has nowhere to go.
      this.#publishesDropped++;
    }
  }

  close(): Promise<void> {
    this.#channel?.close();
    this.#channel = undefined;
    return Promise.resolve();
  }

  stats(): TransportStats {
    return {
      connected: this.#channel !== undefined,
      publishesDropped: this.#publishesDropped,
    };
  }
}

/**
 * Fan-out between the isolates of a Deno Deploy application and the workers
 * of `deno serve --parallel`, over a `BroadcastChannel`. Needs no server.
 * Delivery is at most once, like the channel; presence is replicated with
 * join/leave messages and heartbeats (see {@link ClusterFanout}).
 *
 * The server closes the fan-out when it shuts down; an open channel keeps a
 * `deno serve` worker alive, so a fan-out created outside `createServer`
 * must be closed by its owner.
 *
 * @example
 * ```ts
 * import { BroadcastChannelFanout, createServer } from "@wiretype/wiretype";
 * export default createServer({
 *   routes: [chatRoute(handlers)],
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
    const channel = nameOption(
      "BroadcastChannelFanout",
      "channel",
      options.channel,
      "wiretype",
    );
    super(
      new BroadcastChannelTransport(channel),
      options,
      "BroadcastChannelFanout",
    );
    this.channel = channel;
  }
}
