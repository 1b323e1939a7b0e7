/**
 * Counters of a server since it started, as `server.stats()` returns them:
 * a snapshot, safe to keep and compare.
 *
 * @example
 * ```ts
 * const stats = server.stats();
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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Tally = Record<string, number>;

/**
 * The mutable counters behind {@link ServerStats}; the server updates them in
 * place and hands out copies.
 *
 * @example
 * ```ts
 * const recorder = new StatsRecorder();
 * recorder.count(recorder.rejectedMessages, "invalid_json");
 * recorder.snapshot().rejectedMessages; // { invalid_json: 1 }
 * ```
 */
export class StatsRecorder implements
  Mutable<
    Omit<ServerStats, "openConnections" | "openConnectionsByRoute">
  > {
  /** Open connections per route path. */
  readonly openByRoute: Tally = {};
  connectionsAccepted = 0;
  messagesIn = 0;
  bytesIn = 0;
  messagesOut = 0;
  bytesOut = 0;
  messagesDropped = 0;
  handlerErrors = 0;
  readonly rejectedConnections: Tally = {};
  readonly rejectedMessages: Tally = {};
  readonly authFailures: Tally = {};
  readonly closesByCode: Tally = {};

  /** Adds one to `tally[key]`. */
  count(tally: Tally, key: string | number): void {
    tally[key] = (tally[key] ?? 0) + 1;
  }

  /** A copy of every counter. */
  snapshot(): ServerStats {
    const openConnectionsByRoute = { ...this.openByRoute };
    return {
      openConnections: Object.values(openConnectionsByRoute)
        .reduce((sum, open) => sum + open, 0),
      openConnectionsByRoute,
      connectionsAccepted: this.connectionsAccepted,
      messagesIn: this.messagesIn,
      bytesIn: this.bytesIn,
      messagesOut: this.messagesOut,
      bytesOut: this.bytesOut,
      messagesDropped: this.messagesDropped,
      rejectedConnections: { ...this.rejectedConnections },
      rejectedMessages: { ...this.rejectedMessages },
      authFailures: { ...this.authFailures },
      closesByCode: { ...this.closesByCode },
      handlerErrors: this.handlerErrors,
    };
  }
}
