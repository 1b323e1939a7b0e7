import { clockOf } from "../_clock.ts";
import { CloseCode } from "../wire/close_codes.ts";
import { InFlight } from "./_in_flight.ts";
import { createPresenceNotifier } from "./_presence_notifier.ts";
import { RouteHistory } from "./_route_history.ts";
import { startReaper } from "./_reaper.ts";
import { createRouteBroadcast } from "./_route_broadcast.ts";
import { bindRoute } from "./_route_binding.ts";
import { RouteHub } from "./_route_hub.ts";
import { probeSplitRooms } from "./_split_rooms_probe.ts";
import type {
  LiveConnection,
  RouteRuntime,
  ServerCore,
} from "./_server_core.ts";
import { upgradeConnection } from "./_upgrade.ts";
import { utf8ByteLength } from "./_utf8.ts";
import { resolveServerOptions, type ServerOptions } from "./server_options.ts";
import type { ServerStats } from "./server_stats.ts";
import { StatsRecorder } from "./_stats_recorder.ts";

/**
 * A running wiretype server: a request handler plus shutdown and counters.
 * `fetch` is a bound function, so the object works as `Deno.serve(server.fetch)`
 * and as the default export of a `deno serve` module.
 *
 * @example Usage
 * ```ts
 * import { createServer, type Route, type Server } from "@wiretype/wiretype";
 *
 * declare const chat: Route; // chatRoute(handlers), from the generated chat_server.ts
 * const server: Server = createServer({ routes: [chat] });
 * Deno.serve(server.fetch);
 * ```
 */
export interface Server {
  /** Answers one HTTP request: upgrades, the ticket endpoint, or the fallback. */
  readonly fetch: (
    request: Request,
    info?: Deno.ServeHandlerInfo,
  ) => Promise<Response>;
  /**
   * Stops accepting connections, closes every one with 1001 and a
   * "reconnect" reason, waits (up to `shutdownTimeoutMs`) for clients to
   * answer and handlers to finish, then closes the fan-out. Idempotent.
   */
  readonly close: () => Promise<void>;
  /** A snapshot of the server's counters. */
  readonly stats: () => ServerStats;
}

const SHUTDOWN_REASON = "server shutting down, reconnect";

/**
 * Creates a server for `routes`: path routing, upgrades with origin checks,
 * limits, version negotiation and authentication, rooms and broadcasts,
 * heartbeats, logging and graceful shutdown. Options are checked here: a bad
 * or unknown one throws a `TypeError` (or a `RangeError` for a number out of
 * range) whose message names it, e.g.
 * `createServer: limits.maxMessageBytes must be a positive integer, got -1`.
 *
 * Requests go: the auth ticket endpoint to `auth`; an upgrade to a served
 * path to that route; a non-upgrade request to a served path gets 426; an
 * upgrade to another path gets 404; everything else goes to `fallback`.
 *
 * @example Usage
 * ```ts
 * import { createServer, type Route } from "@wiretype/wiretype";
 *
 * declare const chat: Route; // chatRoute(handlers), from the generated chat_server.ts
 * // main.ts, run with `deno serve main.ts`
 * export default createServer({
 *   routes: [chat],
 *   fallback: async () =>
 *     new Response(await Deno.readFile("public/index.html"), {
 *       headers: { "content-type": "text/html; charset=utf-8" },
 *     }),
 * });
 * ```
 */
export function createServer(options: ServerOptions): Server {
  const resolved = resolveServerOptions(options);
  const { auth, fanout, logger, fallback, clientAddress } = resolved;
  const stats = new StatsRecorder();
  const sessions = new Set<LiveConnection>();
  const clock = clockOf(options);
  const reaper = startReaper(sessions, resolved.heartbeat, clock);
  let closing = false;
  const core: ServerCore = {
    stats,
    logger,
    fanout,
    heartbeat: resolved.heartbeat,
    auth,
    originAllowed: resolved.originAllowed,
    sessions,
    inFlight: new InFlight(),
    clock,
    get closing() {
      return closing;
    },
    sessionsChanged: () => reaper.update(),
  };
  const runtimes = new Map<string, RouteRuntime>();
  const presenceNotifiers = new Map<string, (room: string) => void>();
  for (const { route, limits, authRule, history: kept } of resolved.routes) {
    const path = route.protocol.path;
    const hub = new RouteHub<LiveConnection>(
      path,
      fanout.presence,
      fanout.nodeId,
    );
    const history = kept && resolved.historyStore &&
      new RouteHistory(path, resolved.historyStore, kept, logger);
    const broadcast = createRouteBroadcast(path, hub, fanout, history);
    bindRoute(route, broadcast);
    stats.openByRoute[path] = 0;
    const { onPresenceChange } = route.options;
    if (onPresenceChange !== undefined) {
      presenceNotifiers.set(
        path,
        createPresenceNotifier({
          path,
          hub,
          presence: fanout.presence,
          logger,
          onPresenceChange,
        }),
      );
    }
    runtimes.set(path, {
      path,
      route,
      limits,
      authRule,
      hub,
      broadcast,
      history,
      connectionsPerIp: new Map(),
      core,
    });
  }

  // The default fan-out reaches this isolate only: say so if other isolates
  // (deno serve --parallel workers, a Deploy deployment) serve these routes.
  const splitRooms = options.fanout === undefined
    ? probeSplitRooms([...runtimes.keys()], (paths) =>
      logger.log({
        kind: "server_error",
        message: `another isolate also serves ${
          paths.join(", ")
        } with the default in-process fan-out: rooms, users and presence are split between them and broadcasts reach only the sender's isolate; pass BroadcastChannelFanout (deno serve --parallel, Deno Deploy) or RedisFanout (several machines)`,
        error: undefined,
      }))
    : undefined;

  const fanoutReady = fanout.start({
    deliver(delivery) {
      runtimes.get(delivery.route)?.hub.deliver(
        delivery.target,
        delivery.payload,
        utf8ByteLength(delivery.payload),
        delivery.position,
      );
    },
    presenceChanged(route, room) {
      presenceNotifiers.get(route)?.(room);
    },
  }).then(() => true, (error) => {
    logger.log({
      kind: "server_error",
      message: "the fan-out failed to start; upgrades are refused with 503",
      error,
    });
    return false;
  });

  const fetch = async (
    request: Request,
    info?: Deno.ServeHandlerInfo,
  ): Promise<Response> => {
    const { pathname } = new URL(request.url);
    if (auth?.ticketPath !== undefined && pathname === auth.ticketPath) {
      return await auth.handleTicketRequest(request, (error) => {
        stats.count(stats.authFailures, error.code);
        logger.log({
          kind: "auth_failed",
          route: pathname,
          remoteAddress: clientAddress(request, info),
          stage: "ticket",
          reason: error.code,
        });
      });
    }
    const runtime = runtimes.get(pathname);
    const isUpgrade =
      request.headers.get("upgrade")?.toLowerCase() === "websocket";
    if (runtime === undefined) {
      if (!isUpgrade) return await fallback(request, info);
      stats.count(stats.rejectedConnections, "unknown_path");
      return new Response("404 no WebSocket route at this path\n", {
        status: 404,
      });
    }
    if (!isUpgrade) {
      return new Response("426 this path takes WebSocket connections\n", {
        status: 426,
        headers: { upgrade: "websocket", connection: "Upgrade" },
      });
    }
    const remoteAddress = clientAddress(request, info);
    if (closing || !await fanoutReady) {
      stats.count(stats.rejectedConnections, "unavailable");
      return new Response("503 server unavailable, retry later\n", {
        status: 503,
        headers: { "retry-after": "1" },
      });
    }
    return await upgradeConnection(runtime, request, remoteAddress);
  };

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    closed ??= (async () => {
      closing = true;
      splitRooms?.close();
      for (const session of [...sessions]) {
        session.close(CloseCode.GoingAway, SHUTDOWN_REASON);
      }
      await settleWithin(
        resolved.shutdownTimeoutMs,
        Promise.all([...sessions].map((session) => session.closed))
          .then(() => core.inFlight.settled()),
      );
      reaper.stop();
      await fanoutReady;
      await fanout.close();
      await resolved.historyStore?.close();
    })();

  return { fetch, close, stats: () => stats.snapshot() };
}

/** Waits for `work`, but no longer than `timeoutMs`; clears its timer either way. */
async function settleWithin(timeoutMs: number, work: Promise<unknown>) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  try {
    await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
