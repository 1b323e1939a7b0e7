import type { HistoryStore } from "../fanout/history_store.ts";
import { resolveHistoryStore } from "./_route_history.ts";
import {
  checkRouteHistory,
  ROUTE_OPTION_KEYS,
} from "./_route_options_checks.ts";
import type { RouteHistoryOptions } from "./route_history_options.ts";
import type { PresenceChange } from "./presence_change.ts";
import type { Authenticator } from "../auth/authenticator.ts";
import type { Fanout } from "../fanout/fanout.ts";
import { InProcessFanout } from "../fanout/in_process.ts";
import {
  checkKnownKeys,
  checkMethods,
  checkNumber,
  checkOptionalFunction,
  describeValue,
  optionKeys,
  optionRangeError,
  optionTypeError,
} from "../_option_checks.ts";

const OWNER = "createServer";
import type { Connection, EventMap } from "./connection.ts";
import { type HeartbeatOptions, resolveHeartbeat } from "./heartbeat.ts";
import type { ResolvedHeartbeat } from "./heartbeat.ts";
import { DEFAULT_LIMITS, type Limits, resolveLimits } from "./limits.ts";
import { consoleLogger, type Logger } from "./logger.ts";
import { createOriginCheck, type OriginPolicy } from "./origin.ts";
import {
  type ClientAddressResolver,
  resolverFor,
  type TrustedProxies,
} from "./client_address.ts";
import type {
  AuthRule,
  CloseInfo,
  DispatchOutcome,
  HandlerConcurrency,
  ProtocolInfo,
} from "./route.ts";

/**
 * What `createServer` needs of a route: any `Route` a generated factory
 * returns fits, whatever its events and state types, so one server can serve
 * several protocols.
 *
 * @example Usage
 * ```ts
 * import type { Route, ServableRoute } from "@wiretype/wiretype/server";
 *
 * // chatRoute(chatHandlers) and notificationsRoute(notificationHandlers), generated
 * declare const chat: Route<{ message: { text: string } }>;
 * declare const notifications: Route<{ notice: { title: string } }>;
 * const routes: ServableRoute[] = [chat, notifications];
 * ```
 */
export interface ServableRoute {
  /** Name, path and version of the protocol. */
  readonly protocol: ProtocolInfo;
  /** Names of the client messages that are RPCs. */
  readonly rpcTypes: ReadonlySet<string>;
  /** The route's options. */
  readonly options: {
    readonly auth?: AuthRule;
    readonly limits?: Partial<Limits>;
    readonly concurrency?: HandlerConcurrency;
    readonly history?: {
      readonly size: number;
      readonly ttlMs: number;
      readonly events?: readonly string[];
    };
    initialState?(): object;
    onOpen?(ctx: Connection<EventMap, object>): void | Promise<void>;
    onClose?(
      ctx: Connection<EventMap, object>,
      info: CloseInfo,
    ): void | Promise<void>;
    onPresenceChange?(change: PresenceChange<EventMap>): void;
  };
  /** Validates and runs a handler. */
  dispatch(
    type: string,
    data: unknown,
    connection: Connection<EventMap, object>,
  ): DispatchOutcome;
}

/**
 * Answers requests that are not WebSocket upgrades to a served path: the
 * rest of the application.
 *
 * @example Usage
 * ```ts
 * import type { FallbackHandler } from "@wiretype/wiretype/server";
 *
 * const fallback: FallbackHandler = () => new Response("hello");
 * ```
 */
export type FallbackHandler = (
  request: Request,
  info?: Deno.ServeHandlerInfo,
) => Response | Promise<Response>;

/**
 * Settings of `createServer`. Only `routes` is required.
 *
 * @example Usage
 * ```ts
 * import type { Route, ServerOptions } from "@wiretype/wiretype";
 *
 * declare const chat: Route; // chatRoute(handlers), from the generated chat_server.ts
 * const options: ServerOptions = {
 *   routes: [chat],
 *   origins: ["https://chat.example.com"],
 *   limits: { maxMessageBytes: 16_384 },
 *   heartbeat: { pingIntervalMs: 20_000 },
 * };
 * ```
 */
export interface ServerOptions {
  /** The routes to serve, one per path. */
  readonly routes: readonly ServableRoute[];
  /** Authentication; routes default to `"required"` when it is set. */
  readonly auth?: Authenticator;
  /** Allowed browser origins. Default `"same-host"`. */
  readonly origins?: OriginPolicy;
  /** Limits for every route; routes may override them. See {@link DEFAULT_LIMITS}. */
  readonly limits?: Partial<Limits>;
  /** Pings and reaping. */
  readonly heartbeat?: HeartbeatOptions;
  /** Delivery across isolates or machines. Default: an `InProcessFanout`. The server starts and closes it. */
  readonly fanout?: Fanout;
  /** Where log events go. Default `consoleLogger()`. */
  readonly logger?: Logger;
  /** Answers requests that are not upgrades to a served path. Default: 404. */
  readonly fallback?: FallbackHandler;
  /** How long `close()` waits for clients and handlers. Default 3 000 (Deno Deploy kills 5 s after SIGINT). */
  readonly shutdownTimeoutMs?: number;
  /**
   * Where routes with `history` keep it, shared by every node. Default: a
   * `MemoryHistoryStore` when the server runs in one process (the default
   * fan-out); required with a fan-out that spans nodes. The server closes it.
   */
  readonly history?: HistoryStore;
  /**
   * The reverse proxies or load balancers in front of this server, whose
   * `X-Forwarded-For` (or `Forwarded`) header names the client. Per-IP
   * limits, logs and `ctx.remoteAddress` then use the client's address, not
   * the proxy's. Default: none, every header is ignored and the socket
   * peer is the client (right for Deno Deploy, which gives the client's
   * address). See {@link TrustedProxies}.
   */
  readonly trustedProxies?: TrustedProxies;
}

const SERVER_OPTION_KEYS = optionKeys<ServerOptions>({
  routes: true,
  auth: true,
  origins: true,
  limits: true,
  heartbeat: true,
  fanout: true,
  logger: true,
  fallback: true,
  shutdownTimeoutMs: true,
  history: true,
  trustedProxies: true,
});

/** {@link ServerOptions} with defaults applied and every value checked. */
export interface ResolvedServerOptions {
  readonly routes: readonly ResolvedRoute[];
  readonly auth: Authenticator | undefined;
  readonly originAllowed: (request: Request) => boolean;
  readonly heartbeat: ResolvedHeartbeat;
  readonly fanout: Fanout;
  readonly logger: Logger;
  readonly fallback: FallbackHandler;
  readonly shutdownTimeoutMs: number;
  /** Undefined when no route keeps history. */
  readonly historyStore: HistoryStore | undefined;
  readonly clientAddress: ClientAddressResolver;
}

/** A route with its limits and auth rule settled. */
export interface ResolvedRoute {
  readonly route: ServableRoute;
  readonly limits: Limits;
  readonly authRule: AuthRule;
  readonly history: RouteHistoryOptions | undefined;
}

/**
 * Applies the defaults of every option in one place and checks them, so a
 * misconfiguration fails at start-up with a `TypeError` (wrong type, missing
 * or unknown value) or `RangeError` (number out of range) naming the option.
 *
 * @example Usage
 * ```ts
 * import type { Route } from "./route.ts";
 * import { resolveServerOptions } from "./server_options.ts";
 *
 * declare const chat: Route; // chatRoute(handlers), from the generated chat_server.ts
 * const resolved = resolveServerOptions({ routes: [chat] });
 * resolved.shutdownTimeoutMs; // 3000
 * ```
 */
export function resolveServerOptions(
  options: ServerOptions,
): ResolvedServerOptions {
  if (typeof options !== "object" || options === null) {
    throw optionTypeError(
      OWNER,
      `options must be an object with at least { routes }, got ${
        describeValue(options)
      }`,
    );
  }
  checkKnownKeys(OWNER, "", options, SERVER_OPTION_KEYS);
  if (!Array.isArray(options.routes) || options.routes.length === 0) {
    throw optionTypeError(
      OWNER,
      `routes must be a non-empty array of routes such as [chatRoute(handlers)], got ${
        describeValue(options.routes)
      }`,
    );
  }
  const limits = resolveLimits(DEFAULT_LIMITS, options.limits, "limits");
  const routes = options.routes.map((route) =>
    resolveRoute(route, limits, options.auth)
  );
  const paths = new Set<string>();
  for (const { route } of routes) {
    if (paths.has(route.protocol.path)) {
      throw optionTypeError(
        OWNER,
        `two routes are served at ${route.protocol.path}; give each protocol its own path`,
      );
    }
    paths.add(route.protocol.path);
  }
  checkOptionalFunction(
    OWNER,
    "fallback",
    options.fallback,
    "a function (request, info) => Response",
  );
  if (options.logger !== undefined) {
    checkMethods(
      OWNER,
      "logger",
      options.logger,
      ["log"],
      "an object with a log(event) method",
    );
  }
  if (options.auth !== undefined) {
    checkMethods(
      OWNER,
      "auth",
      options.auth,
      ["authenticateUpgrade", "verifyToken"],
      "an Authenticator from createAuthenticator({ verifier })",
    );
  }
  const fanout = checkMethods(
    OWNER,
    "fanout",
    options.fanout ?? new InProcessFanout(),
    ["start", "publish", "close"],
    "a Fanout such as new BroadcastChannelFanout() or new RedisFanout({ url })",
  );
  return {
    routes,
    auth: options.auth,
    originAllowed: createOriginCheck(options.origins),
    heartbeat: resolveHeartbeat(options.heartbeat),
    fanout,
    historyStore: resolveHistoryStore(
      options.history,
      fanout,
      routes.filter((route) => route.history !== undefined).map((route) =>
        `routes["${route.route.protocol.path}"]`
      ),
    ),
    logger: guardLogger(options.logger ?? consoleLogger()),
    fallback: options.fallback ??
      (() => new Response("404 not found\n", { status: 404 })),
    shutdownTimeoutMs: checkNumber(
      OWNER,
      "shutdownTimeoutMs",
      options.shutdownTimeoutMs ?? 3_000,
      { min: 0, integer: true },
    ),
    clientAddress: resolverFor(
      options.trustedProxies,
      "createServer: trustedProxies",
    ),
  };
}

function resolveRoute(
  route: ServableRoute,
  serverLimits: Limits,
  auth: Authenticator | undefined,
): ResolvedRoute {
  const path = route?.protocol?.path;
  if (typeof path !== "string" || !path.startsWith("/")) {
    throw optionTypeError(
      OWNER,
      `routes must hold routes made by a generated factory such as chatRoute(handlers), got ${
        describeValue(route)
      }`,
    );
  }
  const where = `routes["${path}"]`;
  checkKnownKeys(OWNER, where, route.options, ROUTE_OPTION_KEYS);
  const authRule = route.options.auth ??
    (auth === undefined ? "public" : "required");
  if (
    authRule !== "public" && authRule !== "required" &&
    typeof authRule !== "function"
  ) {
    throw optionTypeError(
      OWNER,
      `${where}.auth must be "public", "required" or a function, got ${
        describeValue(authRule)
      }`,
    );
  }
  if (authRule !== "public" && auth === undefined) {
    throw optionTypeError(
      OWNER,
      `${where} requires authentication but no auth was given: pass createServer({ auth }) or set the route's auth to "public"`,
    );
  }
  checkConcurrency(route.options.concurrency, `${where}.concurrency`);
  return {
    route,
    history: checkRouteHistory(
      OWNER,
      route.options.history,
      `${where}.history`,
    ),
    limits: resolveLimits(
      serverLimits,
      route.options.limits,
      `${where}.limits`,
    ),
    authRule,
  };
}

function checkConcurrency(value: unknown, name: string): void {
  if (value === undefined || value === "ordered" || value === "parallel") {
    return;
  }
  if (typeof value === "number" && Number.isInteger(value) && value >= 1) {
    return;
  }
  throw (typeof value === "number" ? optionRangeError : optionTypeError)(
    OWNER,
    `${name} must be "ordered", "parallel" or an integer >= 1 (handlers of one connection running at once), got ${
      describeValue(value)
    }`,
  );
}

/** A logger that throws must not take a connection, or the process, down. */
function guardLogger(logger: Logger): Logger {
  return {
    log(event) {
      try {
        logger.log(event);
      } catch (error) {
        console.error(
          "wiretype: the logger threw while logging",
          event.kind,
          error,
        );
      }
    },
  };
}
