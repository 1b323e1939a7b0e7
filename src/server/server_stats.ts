/**
 * Counters of a server since it started, as `server.stats()` returns them:
 * a snapshot, safe to keep and compare.
 *
 * @example Usage
 * ```ts
 * import { createServer, type Route, type ServerStats } from "@wiretype/wiretype/server";
 *
 * declare const chat: Route; // chatRoute(handlers), from the generated chat_server.ts
 * const server = createServer({ routes: [chat] });
 * const stats: ServerStats = server.stats();
 * console.log(stats.openConnections, stats.rejectedMessages["rate_limited"] ?? 0);
 * ```
 */
export interface ServerStats {
  /** Connections upgraded and not yet closed, on every route. */
  readonly openConnections: number;
  /** Open connections per route path. */
  readonly openConnectionsByRoute: Readonly<Record<string, number>>;
  /** Connections upgraded since start. */
  readonly connectionsAccepted: number;
  /** Frames received. */
  readonly messagesIn: number;
  /** UTF-8 bytes received in frames. */
  readonly bytesIn: number;
  /** Frames sent. */
  readonly messagesOut: number;
  /** UTF-8 bytes sent in frames. */
  readonly bytesOut: number;
  /** Messages skipped for slow consumers (policy `"drop"`). */
  readonly messagesDropped: number;
  /** Refused upgrades by reason (`origin`, `too_many_connections_per_ip`, `unauthenticated`, ...). */
  readonly rejectedConnections: Readonly<Record<string, number>>;
  /** Messages answered with an error by wire error code (`invalid_data`, `rate_limited`, ...). */
  readonly rejectedMessages: Readonly<Record<string, number>>;
  /** Refused tokens and tickets by `AuthErrorCode` (`expired`, `unknown_ticket`, ...). */
  readonly authFailures: Readonly<Record<string, number>>;
  /** Closed connections by close code. */
  readonly closesByCode: Readonly<Record<string, number>>;
  /** Handlers and hooks that threw. */
  readonly handlerErrors: number;
}
