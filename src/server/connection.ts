import type { Claims } from "../auth/claims.ts";
import type { PresenceMember } from "../fanout/fanout.ts";

/**
 * The events one side may send, by name, with the type of their data. The
 * code generator emits one per protocol (`ChatServerEvents`).
 */
export type EventMap = { readonly [event: string]: unknown };

/**
 * Messaging to a route's connections, wherever they are connected: on this
 * node or, through the fan-out, on others. Each call serialises its message
 * once.
 *
 * @example Usage
 * ```ts
 * import type { Broadcast } from "@wiretype/wiretype";
 *
 * type Events = { joined: { room: string; user: string }; notification: { text: string } };
 * function welcome(broadcast: Broadcast<Events>, user: string): void {
 *   broadcast.toRoom("general", "joined", { room: "general", user });
 *   broadcast.toUser(user, "notification", { text: "welcome to #general" });
 * }
 * ```
 */
export interface Broadcast<Events extends EventMap> {
  /** To one connection, by id. */
  toConnection<E extends keyof Events & string>(
    connectionId: string,
    event: E,
    data: Events[E],
  ): void;
  /** To every connection (every tab and device) of a user (`sub`). */
  toUser<E extends keyof Events & string>(
    userId: string,
    event: E,
    data: Events[E],
  ): void;
  /** To every member of a room; `except` leaves one connection out. */
  toRoom<E extends keyof Events & string>(
    room: string,
    event: E,
    data: Events[E],
    options?: { readonly except?: string },
  ): void;
  /** To every connection of the route. */
  toAll<E extends keyof Events & string>(event: E, data: Events[E]): void;
  /** The members of a room on every node, sorted by connection id. */
  presence(room: string): PresenceMember[];
}

/**
 * The connection context every handler receives: who is connected, their
 * rooms and state, and typed ways to answer.
 *
 * @example Usage
 * ```ts
 * import type { Connection } from "@wiretype/wiretype";
 *
 * const handlers = {
 *   join({ room }: { room: string }, ctx: Connection<{ joined: { room: string } }>) {
 *     ctx.join(room);
 *     ctx.broadcast.toRoom(room, "joined", { room });
 *   },
 * };
 * ```
 */
export interface Connection<
  Events extends EventMap = EventMap,
  State extends object = Record<string, unknown>,
> {
  /** Unique id of this connection across the cluster. */
  readonly id: string;
  /** The verified JWT claims, or undefined on a public route without a token. */
  readonly user: Claims | undefined;
  /** `user.sub`, the user id, if authenticated. */
  readonly userId: string | undefined;
  /** The route path, e.g. `/chat`. */
  readonly route: string;
  /**
   * The client's IP address: the socket peer's, or the one a trusted proxy
   * forwarded (`createServer({ trustedProxies })`).
   */
  readonly remoteAddress: string;
  /** Per-connection state for the application; starts as the route's `initialState()`. */
  readonly state: State;
  /** The rooms this connection is in. */
  readonly rooms: ReadonlySet<string>;
  /** Sends an event to this connection. */
  send<E extends keyof Events & string>(event: E, data: Events[E]): void;
  /** Enters a room (no-op if already in it). */
  join(room: string): void;
  /** Leaves a room (no-op if not in it). */
  leave(room: string): void;
  /** Closes the connection with a close code and reason. */
  close(code?: number, reason?: string): void;
  /** Messaging to other connections of the route; `toRoom` may leave this one out. */
  readonly broadcast: Broadcast<Events>;
}
