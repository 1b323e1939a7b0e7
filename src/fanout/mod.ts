/**
 * Fan-out: carries deliveries and room presence between the nodes (isolates,
 * `deno serve --parallel` workers, machines) that serve the same routes.
 * `InProcessFanout` is the default for one isolate; `BroadcastChannelFanout`
 * spans Deno Deploy isolates and `deno serve --parallel` workers;
 * `RedisFanout` spans machines through Redis pub/sub. Each delivery is
 * serialised once and reaches every local receiver as the same string.
 * History stores (memory, Deno KV, Redis Streams) keep what reconnecting
 * clients missed; `PresenceTable` holds who is in which room on each node.
 *
 * @example Usage
 * ```ts
 * import { createServer, type Route } from "@wiretype/wiretype";
 * import { BroadcastChannelFanout, KvHistoryStore } from "@wiretype/wiretype/fanout";
 *
 * declare const chat: Route; // chatRoute(handlers), from the generated chat_server.ts
 * // One server per isolate on Deno Deploy or per `deno serve --parallel` worker:
 * export default createServer({
 *   routes: [chat],
 *   fanout: new BroadcastChannelFanout({ channel: "my-chat" }),
 *   history: new KvHistoryStore(await Deno.openKv()),
 * });
 * ```
 *
 * @module
 */
export type {
  Delivery,
  DeliveryPosition,
  DeliveryTarget,
  Fanout,
  FanoutReceiver,
  Presence,
  PresenceMember,
} from "./fanout.ts";
export { InProcessFanout, type InProcessFanoutOptions } from "./in_process.ts";
export {
  BroadcastChannelFanout,
  type BroadcastChannelFanoutOptions,
} from "./broadcast_channel_fanout.ts";
export { RedisFanout, type RedisFanoutOptions } from "./redis_fanout.ts";
export { ClusterFanout } from "./cluster_fanout.ts";
export type { ClusterFanoutOptions } from "./cluster_fanout_options.ts";
export type { FanoutStats } from "./fanout_stats.ts";
export type {
  FanoutTransport,
  TransportHandlers,
  TransportStats,
} from "./fanout_transport.ts";
export {
  consoleFanoutLogger,
  type FanoutLogEvent,
  type FanoutLogger,
} from "./fanout_logger.ts";
export { FanoutError, FanoutErrorCode } from "./fanout_error.ts";
export {
  type PresenceDigest,
  type PresenceEntry,
  PresenceTable,
  type PresenceTableOptions,
} from "./presence_table.ts";
export type {
  HistoryOptions,
  HistoryPublication,
  HistoryRead,
  HistoryStore,
  StreamPosition,
} from "./history_store.ts";
export {
  MemoryHistoryStore,
  type MemoryHistoryStoreOptions,
} from "./history_store_memory.ts";
export {
  RedisHistoryStore,
  type RedisHistoryStoreOptions,
} from "./history_store_redis.ts";
export {
  KvHistoryStore,
  type KvHistoryStoreOptions,
} from "./history_store_kv.ts";
