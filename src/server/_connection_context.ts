import type { Claims } from "../auth/claims.ts";
import type { Broadcast, Connection, EventMap } from "./connection.ts";

/** The session behind a {@link ConnectionContext}: what the context may reach. */
export interface ContextTarget {
  readonly id: string;
  readonly user: Claims | undefined;
  readonly userId: string | undefined;
  readonly route: string;
  readonly remoteAddress: string;
  readonly state: object;
  readonly broadcast: Broadcast<EventMap>;
  /** The connection's rooms as a set that stays current. */
  liveRooms(): ReadonlySet<string>;
  send(event: string, data: unknown): void;
  join(room: string): void;
  leave(room: string): void;
  close(code?: number, reason?: string): void;
}

/**
 * The {@link Connection} that handlers and hooks receive, as hono hands its
 * handlers a `WSContext`: the connection's identity and the ways to act on
 * it, and nothing of the session's bookkeeping, so the session alone
 * changes a connection's state. One per connection, made when a handler or
 * hook first needs it, so the same object reaches every handler.
 */
export class ConnectionContext implements Connection<EventMap, object> {
  readonly #session: ContextTarget;

  /** The context of `session`. */
  constructor(session: ContextTarget) {
    this.#session = session;
  }

  /** Unique id of this connection across the cluster. */
  get id(): string {
    return this.#session.id;
  }

  /** The verified JWT claims, or undefined on a public route without a token. */
  get user(): Claims | undefined {
    return this.#session.user;
  }

  /** `user.sub`, the user id, if authenticated. */
  get userId(): string | undefined {
    return this.#session.userId;
  }

  /** The route path, e.g. `/chat`. */
  get route(): string {
    return this.#session.route;
  }

  /** The client's IP address. */
  get remoteAddress(): string {
    return this.#session.remoteAddress;
  }

  /** Per-connection state for the application. */
  get state(): object {
    return this.#session.state;
  }

  /** The rooms this connection is in. */
  get rooms(): ReadonlySet<string> {
    return this.#session.liveRooms();
  }

  /** Messaging to other connections of the route. */
  get broadcast(): Broadcast<EventMap> {
    return this.#session.broadcast;
  }

  /** Sends an event to this connection. */
  send(event: string, data: unknown): void {
    this.#session.send(event, data);
  }

  /** Enters a room (no-op if already in it). */
  join(room: string): void {
    this.#session.join(room);
  }

  /** Leaves a room (no-op if not in it). */
  leave(room: string): void {
    this.#session.leave(room);
  }

  /** Closes the connection with a close code and reason. */
  close(code?: number, reason?: string): void {
    this.#session.close(code, reason);
  }
}
