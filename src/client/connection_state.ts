/**
 * What a UI shows about a client's connection. Each change is a new object,
 * so it can serve as a React external-store snapshot.
 *
 * - `idle`: created, `connect()` not called yet (messages sent now are queued).
 * - `connecting`: fetching credentials, opening the socket, waiting for `welcome`.
 * - `open`: welcomed by the server; messages go out at once. After a
 *   reconnect, `recovered` says whether everything sent meanwhile arrived
 *   (see `onRecovery`).
 * - `reconnecting`: the connection dropped (`code` and `reason` say why: the
 *   server's close code and reason, or 1006 and what went wrong); attempt
 *   `attempt` starts in `nextRetryMs`.
 * - `closed`: for good, until `connect()` is called again; `code` and `reason` say why.
 *
 * @example Usage
 * ```ts
 * import type { ConnectionState } from "@wiretype/wiretype/client";
 *
 * function label(state: ConnectionState): string {
 *   switch (state.kind) {
 *     case "reconnecting": return `lost (${state.code} ${state.reason}), retry ${state.attempt} in ${state.nextRetryMs} ms`;
 *     case "closed": return `closed: ${state.reason}`;
 *     default: return state.kind;
 *   }
 * }
 * ```
 */
export type ConnectionState =
  | { readonly kind: "idle" }
  | { readonly kind: "connecting" }
  | {
    readonly kind: "open";
    /** The id the server gave this connection in its `welcome`. */
    readonly connectionId: string;
    /**
     * After a reconnect, once the server answered the client's `recover`:
     * true when every stream (room, user) got all it missed while
     * disconnected, false when something was lost for good (or the client
     * had no position to present: the route keeps no history). Absent on
     * the session's first connection and until the answer arrives.
     */
    readonly recovered?: boolean;
  }
  | {
    readonly kind: "reconnecting";
    /** Which reconnect attempt comes next, from 1. */
    readonly attempt: number;
    /** How long until it starts. */
    readonly nextRetryMs: number;
    /**
     * The close code that ended the last connection or attempt: the
     * server's (1001 when it shut down, 1013 when it could not keep up, ...),
     * or 1006 when the connection dropped or an attempt failed.
     */
    readonly code: number;
    /** Why, for people: the server's close reason, or what went wrong (e.g. no welcome in time). */
    readonly reason: string;
  }
  | {
    readonly kind: "closed";
    /** The close code that ended the connection. */
    readonly code: number;
    /** Why, for people (the server's close reason, or the client's). */
    readonly reason: string;
  };
