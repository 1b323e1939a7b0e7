import type { Clock } from "../_clock.ts";
import type { Authenticator } from "../auth/authenticator.ts";
import type { Fanout } from "../fanout/fanout.ts";
import type { Broadcast, EventMap } from "./connection.ts";
import type { ResolvedHeartbeat } from "./heartbeat.ts";
import type { InFlight } from "./_in_flight.ts";
import type { Limits } from "./limits.ts";
import type { Logger } from "./logger.ts";
import type { AuthRule } from "./route.ts";
import type { HubMember, RouteHub } from "./_route_hub.ts";
import type { RouteHistory } from "./_route_history.ts";
import type { SweptConnection } from "./_reaper.ts";
import type { ServableRoute } from "./server_options.ts";
import type { StatsRecorder } from "./_stats_recorder.ts";

/**
 * What the server keeps of each live connection: the hub delivers to it,
 * the sweep visits it, shutdown closes it and waits for it. `Session` is
 * the one implementation; the parts of a server that hold connections
 * know them by this interface, so they do not import the session.
 */
export interface LiveConnection extends HubMember, SweptConnection {
  /** Closes the connection (see `Connection.close`). */
  close(code: number, reason: string): void;
  /** Resolves once the connection is closed and accounted for. */
  readonly closed: Promise<void>;
}

/**
 * What every part of a running server shares: settings, counters, the
 * logger, the fan-out and the set of live sessions.
 */
export interface ServerCore {
  readonly stats: StatsRecorder;
  readonly logger: Logger;
  readonly fanout: Fanout;
  readonly heartbeat: ResolvedHeartbeat;
  readonly auth: Authenticator | undefined;
  /** Allows or refuses a request's `Origin`. */
  readonly originAllowed: (request: Request) => boolean;
  /** Sessions upgraded and not yet closed, on every route. */
  readonly sessions: Set<LiveConnection>;
  /** Handlers, hooks and token checks still running. */
  readonly inFlight: InFlight;
  /** Where deadlines, the sweep and rate limits read the time. */
  readonly clock: Clock;
  /** True once `close()` was called: no new connections. */
  readonly closing: boolean;
  /** Called when a session is added to or removed from `sessions`. */
  sessionsChanged(): void;
}

/**
 * One served route with its resolved settings and local state.
 */
export interface RouteRuntime {
  readonly path: string;
  readonly route: ServableRoute;
  readonly limits: Limits;
  readonly authRule: AuthRule;
  readonly hub: RouteHub<LiveConnection>;
  readonly broadcast: Broadcast<EventMap>;
  /** The route's history, if it keeps one. */
  readonly history: RouteHistory | undefined;
  /** Live connections per client IP on this route. */
  readonly connectionsPerIp: Map<string, number>;
  readonly core: ServerCore;
}
