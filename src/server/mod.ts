/**
 * The server runtime: `createServer` serves generated routes over
 * `Deno.serve` with path routing, limits, heartbeats, authentication,
 * rooms, broadcasts across nodes, logging and graceful shutdown. The
 * root `@wiretype/wiretype` re-exports the part of it most servers need;
 * this subpath adds the rest: limits, heartbeat, origin and proxy
 * policies, loggers, stats and metrics, and the error codes handlers
 * throw with.
 *
 * @example Usage
 * ```ts
 * import { type Connection, createServer, type Route } from "@wiretype/wiretype/server";
 *
 * // chatRoute is generated from your protocol, in protocol/gen/chat_server.ts:
 * type ChatEvents = { joined: { room: string; user: string } };
 * declare function chatRoute(handlers: {
 *   join(data: { room: string }, ctx: Connection<ChatEvents>): void;
 * }): Route<ChatEvents>;
 *
 * const chat = chatRoute({
 *   join({ room }, ctx) {
 *     ctx.join(room);
 *     ctx.broadcast.toRoom(room, "joined", { room, user: ctx.userId ?? "guest" });
 *   },
 *   // ...one handler per client message
 * });
 * const server = createServer({ routes: [chat] });
 * Deno.serve(server.fetch);
 * ```
 *
 * @module
 */
export type { Broadcast, Connection, EventMap } from "./connection.ts";
export type { PresenceChange } from "./presence_change.ts";
export type { RouteHistoryOptions } from "./route_history_options.ts";
export type {
  AuthRule,
  CloseInfo,
  HandlerConcurrency,
  ProtocolInfo,
  Route,
  RouteOptions,
} from "./route.ts";
export { createServer, type Server } from "./create_server.ts";
export type {
  FallbackHandler,
  ServableRoute,
  ServerOptions,
} from "./server_options.ts";
export {
  DEFAULT_LIMITS,
  type Limits,
  type SlowConsumerPolicy,
} from "./limits.ts";
export type { HeartbeatOptions } from "./heartbeat.ts";
export type { OriginPolicy } from "./origin.ts";
export {
  type ClientAddressResolver,
  createClientAddressResolver,
  type ForwardedHeader,
  type TrustedProxies,
} from "./client_address.ts";
export {
  type AuthFailedEvent,
  type ConnectionClosedEvent,
  type ConnectionRejectedEvent,
  consoleLogger,
  formatLogEvent,
  type HandlerErrorEvent,
  jsonLinesLogger,
  type LogEvent,
  type Logger,
  type MessageRejectedEvent,
  type ServerErrorEvent,
} from "./logger.ts";
export type { ServerStats } from "./server_stats.ts";
export { closeOnSignals, type CloseOnSignalsOptions } from "./signals.ts";
export { formatPrometheusMetrics } from "./prometheus_metrics.ts";
export { CloseCode } from "../wire/close_codes.ts";
export {
  ErrorCode,
  type ErrorData,
  ProtocolError,
} from "../wire/protocol_error.ts";
