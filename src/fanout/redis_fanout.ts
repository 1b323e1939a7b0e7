import { ClusterFanout } from "./cluster_fanout.ts";
import {
  CLUSTER_FANOUT_OPTION_KEYS,
  type ClusterFanoutOptions,
} from "./cluster_fanout_options.ts";
import { RedisTransport } from "./_redis_transport.ts";
import {
  checkKnownKeys,
  checkName,
  checkNumber,
  checkRedisUrl,
  optionKeys,
  REDIS_NAME,
  REDIS_NAME_TEXT,
} from "../_option_checks.ts";

/**
 * Settings of a {@link RedisFanout}.
 *
 * @example Usage
 * ```ts
 * import type { RedisFanoutOptions } from "@wiretype/wiretype/fanout";
 *
 * const options: RedisFanoutOptions = {
 *   url: "rediss://default:secret@redis.internal:6380",
 *   channelPrefix: "my-chat",
 *   reconnectMaxDelayMs: 5_000,
 * };
 * ```
 */
export interface RedisFanoutOptions extends ClusterFanoutOptions {
  /** The Redis URL, e.g. `redis://127.0.0.1:6379` or `rediss://user:pass@host:6380`. */
  readonly url: string;
  /**
   * Prefix of the pub/sub channels, one per application sharing a Redis:
   * `<prefix>:route:<path>` and `<prefix>:presence`. Letters, digits and
   * `_ . : -` only, as it is also a subscription pattern. Default `wiretype`.
   */
  readonly channelPrefix?: string;
  /** The longest wait between reconnection attempts. Default 2 000 ms. */
  readonly reconnectMaxDelayMs?: number;
  /**
   * How long `start` waits for Redis before the server opens anyway and
   * delivers locally until Redis is reachable. Default 5 000 ms.
   */
  readonly startTimeoutMs?: number;
  /**
   * How often each connection pings Redis; a connection silent for three
   * intervals is considered dead and reconnected. Default 5 000 ms.
   */
  readonly pingIntervalMs?: number;
}

const DEFAULTS = {
  channelPrefix: "wiretype",
  reconnectMaxDelayMs: 2_000,
  startTimeoutMs: 5_000,
  pingIntervalMs: 5_000,
} as const;

const OWNER = "RedisFanout";

const OPTION_KEYS = [
  ...CLUSTER_FANOUT_OPTION_KEYS,
  ...optionKeys<Omit<RedisFanoutOptions, keyof ClusterFanoutOptions>>({
    url: true,
    channelPrefix: true,
    reconnectMaxDelayMs: true,
    startTimeoutMs: true,
    pingIntervalMs: true,
  }),
];

/**
 * Fan-out between processes and machines through Redis pub/sub (`npm:redis`,
 * loaded only when a `RedisFanout` starts). Each process holds one
 * publishing and one subscribing connection.
 *
 * Failure policy, when Redis is unreachable or restarts:
 * - local delivery continues: the server delivers to its own connections
 *   before publishing, so users on the same node keep talking;
 * - publications are dropped, not buffered, and counted in
 *   `stats().publishesDropped`: Redis pub/sub is at-most-once anyway, and a
 *   burst of stale chat lines after an outage helps nobody;
 * - the outage and the recovery are logged (`fanout_outage`,
 *   `fanout_recovered`) and counted (`stats().outages`, `recoveries`);
 * - both connections reconnect by themselves with jittered exponential
 *   backoff (up to `reconnectMaxDelayMs`) and re-subscribe; the node then
 *   re-announces itself so every node's presence is complete again;
 * - presence of other nodes fades out after `nodeTimeoutMs` without
 *   heartbeats, and comes back with the first heartbeats after recovery;
 * - if Redis is down at start-up, `start` gives up waiting after
 *   `startTimeoutMs` and the node runs locally until Redis is back.
 *
 * @example Usage
 * ```ts
 * import { createServer, type Route } from "@wiretype/wiretype";
 * import { RedisFanout } from "@wiretype/wiretype/fanout";
 *
 * declare const chat: Route; // chatRoute(handlers), from the generated chat_server.ts
 * const server = createServer({
 *   routes: [chat],
 *   fanout: new RedisFanout({ url: Deno.env.get("REDIS_URL") ?? "redis://127.0.0.1:6379" }),
 * });
 * Deno.serve(server.fetch);
 * ```
 */
export class RedisFanout extends ClusterFanout {
  /** The channel prefix in use. */
  readonly channelPrefix: string;

  /** Creates a fan-out for the Redis at `options.url`; nothing connects until `start`. */
  constructor(options: RedisFanoutOptions) {
    const url = checkRedisUrl(OWNER, options?.url);
    checkKnownKeys(OWNER, "", options, OPTION_KEYS);
    const channelPrefix = checkName(
      OWNER,
      "channelPrefix",
      options.channelPrefix ?? DEFAULTS.channelPrefix,
      REDIS_NAME_TEXT,
      REDIS_NAME,
    );
    super(
      new RedisTransport({
        url,
        channelPrefix,
        reconnectMaxDelayMs: checkNumber(
          OWNER,
          "reconnectMaxDelayMs",
          options.reconnectMaxDelayMs ?? DEFAULTS.reconnectMaxDelayMs,
          { positive: true },
        ),
        startTimeoutMs: checkNumber(
          OWNER,
          "startTimeoutMs",
          options.startTimeoutMs ?? DEFAULTS.startTimeoutMs,
          { positive: true },
        ),
        pingIntervalMs: checkNumber(
          OWNER,
          "pingIntervalMs",
          options.pingIntervalMs ?? DEFAULTS.pingIntervalMs,
          { positive: true },
        ),
      }),
      options,
      OWNER,
    );
    this.channelPrefix = channelPrefix;
  }
}
