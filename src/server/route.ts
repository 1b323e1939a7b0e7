import {
  checkKnownKeys,
  describeValue,
  listOf,
  optionTypeError,
} from "../_option_checks.ts";
import type { Claims } from "../auth/claims.ts";
import type { ValidationIssue } from "../wire/validation.ts";
import type { Broadcast, Connection, EventMap } from "./connection.ts";
import type { Limits as ServerLimits } from "./limits.ts";
import type { PresenceChange } from "./presence_change.ts";
import type { RouteHistoryOptions } from "./route_history_options.ts";
import { registerRouteBinder } from "./_route_binding.ts";
import { checkRouteOptions } from "./_route_options_checks.ts";

/**
 * Name, path and version hash of a generated protocol, and from its record
 * which clients of earlier revisions the server accepts.
 */
export interface ProtocolInfo {
  /** The protocol interface's name, e.g. `Chat`. */
  readonly name: string;
  /** The path it is served at, e.g. `/chat`. */
  readonly path: string;
  /** Hash of the normalised protocol, negotiated at connect. */
  readonly version: string;
  /** Its revision in the record (`gen/<protocol>_revisions.json`). */
  readonly revision?: number;
  /** Versions of earlier revisions whose clients are accepted. */
  readonly compatibleVersions?: readonly string[];
  /** Versions whose clients are closed with 4409, each with what broke. */
  readonly incompatibleVersions?: { readonly [version: string]: string };
}

/**
 * Who may connect to a route: anyone, any authenticated user, or those an
 * `authorize` hook accepts (refused: 403 before the upgrade).
 *
 * @example Usage
 * ```ts
 * import type { AuthRule } from "@wiretype/wiretype/server";
 *
 * const adminsOnly: AuthRule = (claims) => claims.role === "admin";
 * ```
 */
export type AuthRule =
  | "public"
  | "required"
  | ((claims: Claims, request: Request) => boolean | Promise<boolean>);

/** Why a connection closed, as given to `onClose`. */
export interface CloseInfo {
  /** The WebSocket close code. */
  readonly code: number;
  /** The close reason. */
  readonly reason: string;
}

/**
 * How a connection's messages reach their handlers:
 *
 * - `"ordered"` (the default): one at a time, in the order they arrived;
 *   each starts when the previous handler's promise has settled (and its
 *   RPC answer was sent), so a client's messages keep their meaning, as
 *   when a reconnect sends a queue of bids at once.
 * - `"parallel"`: each starts as soon as it arrives; their handlers overlap
 *   and may finish in any order.
 * - a number `n`: up to `n` handlers at once, started in arrival order.
 *
 * In every mode a connection may have at most `limits.maxQueuedMessages`
 * messages whose handlers have not finished (running or waiting); one more
 * is refused with an `overloaded` error and its handler never runs.
 *
 * @example Usage
 * ```ts
 * import type { HandlerConcurrency } from "@wiretype/wiretype/server";
 * const concurrency: HandlerConcurrency = "parallel";
 * ```
 */
export type HandlerConcurrency = "ordered" | "parallel" | number;

/**
 * Per-route settings passed to a generated route factory.
 *
 * @example Usage
 * ```ts
 * import type { RouteOptions } from "@wiretype/wiretype";
 *
 * // The second argument of a generated route factory: chatRoute(handlers, options)
 * const options: RouteOptions = { auth: "required", onOpen: (ctx) => console.log(ctx.id) };
 * ```
 */
export interface RouteOptions<
  Events extends EventMap = EventMap,
  State extends object = Record<string, unknown>,
  Limits = ServerLimits,
> {
  /** Who may connect; defaults to "required" when the server has auth, else "public". */
  readonly auth?: AuthRule;
  /** Overrides of the server's limits for this route. */
  readonly limits?: Partial<Limits>;
  /**
   * Whether one connection's handlers run one after another (`"ordered"`,
   * the default), all at once (`"parallel"`) or up to a number at once. See
   * {@link HandlerConcurrency}.
   */
  readonly concurrency?: HandlerConcurrency;
  /**
   * Keeps recent `toRoom` and `toUser` publications so reconnecting clients
   * get what they missed (see {@link RouteHistoryOptions}). Default: none.
   */
  readonly history?: RouteHistoryOptions<Events>;
  /** Fresh per-connection state; defaults to `{}`. */
  readonly initialState?: () => State;
  /** Runs once the connection is open and authenticated. */
  readonly onOpen?: (ctx: Connection<Events, State>) => void | Promise<void>;
  /** Runs after the connection closed and left its rooms. */
  readonly onClose?: (
    ctx: Connection<Events, State>,
    info: CloseInfo,
  ) => void | Promise<void>;
  /**
   * Runs when a room's member list changed as this node sees it (see
   * {@link PresenceChange}), for rooms with members here; typically sends
   * them the new list with `sendToLocalMembers`. Every node does the same
   * for its own members, so each client is told when members join or leave
   * anywhere, and again once the nodes' lists converge after an outage.
   */
  readonly onPresenceChange?: (change: PresenceChange<Events>) => void;
}

/**
 * What a generated dispatcher reports for one decoded message: the handler's
 * result (a value or a promise; for an RPC, the answer's data), a validation
 * issue, or an unknown type.
 */
export type DispatchOutcome =
  | { readonly kind: "handled"; readonly result: unknown }
  | { readonly kind: "invalid"; readonly issue: ValidationIssue }
  | { readonly kind: "unknown" };

/**
 * A protocol bound to its handlers, ready for `createServer({ routes })`.
 * Generated route factories return one.
 *
 * @example Usage
 * ```ts
 * import { createServer, type Route } from "@wiretype/wiretype";
 *
 * type ChatEvents = { message: { room: string; text: string } };
 * declare const chat: Route<ChatEvents>; // chatRoute(handlers), from the generated chat_server.ts
 * const server = createServer({ routes: [chat] });
 * chat.broadcast.toAll("message", { room: "general", text: "back at noon" }); // once served
 * ```
 */
export interface Route<
  Events extends EventMap = EventMap,
  State extends object = Record<string, unknown>,
> {
  /** Name, path and version of the protocol. */
  readonly protocol: ProtocolInfo;
  /** Names of the client messages that are RPCs (they need an `id`). */
  readonly rpcTypes: ReadonlySet<string>;
  /** The route's options. */
  readonly options: RouteOptions<Events, State>;
  /** Validates `data` for `type` and runs the handler. Generated. */
  dispatch(
    type: string,
    data: unknown,
    connection: Connection<Events, State>,
  ): DispatchOutcome;
  /** Messaging to this route's connections; available once a server serves the route. */
  readonly broadcast: Broadcast<Events>;
}

/** The parts of a {@link Route} a generated factory supplies. */
export interface RouteSpec<Events extends EventMap, State extends object> {
  /** Name, path and version of the protocol. */
  readonly protocol: ProtocolInfo;
  /** Names of the client messages that are RPCs. */
  readonly rpcTypes: readonly string[];
  /** Names of the client messages that are not RPCs. */
  readonly messageTypes: readonly string[];
  /** Names of the server events, which `options.history.events` may name. */
  readonly eventTypes: readonly string[];
  /**
   * The application's handlers, checked here, at start-up, to have a
   * function for every client message and RPC, so a missing one is not
   * discovered by the first client that sends it.
   */
  readonly handlers: object;
  /** The route's options. */
  readonly options: RouteOptions<Events, State> | undefined;
  /** The generated dispatcher. */
  readonly dispatch: Route<Events, State>["dispatch"];
}

/**
 * Builds a {@link Route} from the parts a generated factory supplies.
 * Applications call the generated factory (`chatRoute(handlers)`), not this.
 * Throws a TypeError naming every client message and RPC that `handlers`
 * has no function for, and one naming an option it does not know (a
 * misspelled key, a history event the protocol does not have).
 *
 * @example Usage
 * ```ts
 * import { defineRoute } from "@wiretype/wiretype/codegen-runtime";
 *
 * const route = defineRoute({
 *   protocol: { name: "Echo", path: "/echo", version: "0" },
 *   rpcTypes: [],
 *   messageTypes: [],
 *   eventTypes: [],
 *   handlers: {},
 *   options: undefined,
 *   dispatch: () => ({ kind: "unknown" }),
 * });
 * ```
 */
export function defineRoute<Events extends EventMap, State extends object>(
  spec: RouteSpec<Events, State>,
): Route<Events, State> {
  checkHandlers(spec);
  checkRouteOptions(factoryName(spec.protocol.name), spec.options, {
    protocol: spec.protocol.name,
    names: spec.eventTypes,
  });
  let attached: Broadcast<Events> | undefined;
  const route: Route<Events, State> = {
    protocol: spec.protocol,
    rpcTypes: new Set(spec.rpcTypes),
    options: spec.options ?? {},
    dispatch: spec.dispatch,
    get broadcast(): Broadcast<Events> {
      if (attached === undefined) {
        throw new Error(
          `route ${spec.protocol.path} is not served yet: pass it to createServer({ routes }) before broadcasting`,
        );
      }
      return attached;
    },
  };
  registerRouteBinder(route, (broadcast: Broadcast<Events>) => {
    if (attached !== undefined) {
      throw new TypeError(
        `createServer: routes["${spec.protocol.path}"] is already served by another server; create one route per server (call the route factory again)`,
      );
    }
    attached = broadcast;
  });
  return route;
}

function checkHandlers<Events extends EventMap, State extends object>(
  spec: RouteSpec<Events, State>,
): void {
  const { name, path } = spec.protocol;
  const factory = factoryName(name);
  const handlers = spec.handlers as Record<string, unknown> | null;
  if (typeof handlers !== "object" || handlers === null) {
    throw optionTypeError(
      factory,
      `handlers must be an object with a function for each client message and RPC of ${name} (${path}), got ${
        describeValue(handlers)
      }`,
    );
  }
  const types = [...spec.messageTypes, ...spec.rpcTypes];
  // A handler for a message the protocol does not have (left behind after
  // the message was removed, or misspelt) would never run; judged first, so
  // a misspelt one is named with the one meant. Only a plain object's own
  // functions: a class instance may keep fields and helpers of its own.
  const prototype = Object.getPrototypeOf(handlers);
  if (prototype === Object.prototype || prototype === null) {
    const functions = Object.fromEntries(
      Object.entries(handlers).filter(([, value]) =>
        typeof value === "function"
      ),
    );
    checkKnownKeys(
      factory,
      "handlers",
      functions,
      types,
      `a client message or RPC of ${name} (${path})`,
      "its messages and RPCs",
    );
  }
  const missing = types.filter((type) => typeof handlers[type] !== "function");
  if (missing.length === 0) return;
  throw optionTypeError(
    factory,
    `handlers have no function for ${
      listOf(missing, "and")
    }: give every client message and RPC of ${name} (${path}) a handler`,
  );
}

/** The generated factory's name (codegen/names.ts), so messages name what the user called. */
function factoryName(protocol: string): string {
  return `${protocol.slice(0, 1).toLowerCase()}${protocol.slice(1)}Route`;
}
