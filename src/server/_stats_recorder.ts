import type { ServerStats } from "./server_stats.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Tally = Record<string, number>;

/**
 * The mutable counters behind {@link ServerStats}; the server updates them in
 * place and hands out copies.
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
