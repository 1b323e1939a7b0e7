import type { Envelope } from "../wire/envelope.ts";
import type { WebSocketLike } from "./_socket.ts";
import type { ClientError } from "./client_error.ts";
import type { ConnectionState } from "./connection_state.ts";

/** One socket and the timers that live as long as it. */
export interface Link {
  readonly socket: WebSocketLike;
  welcomed: boolean;
  silenceMs: number;
  silenceTimer?: unknown;
  /** Timers of the owner (token refresh) that must stop with the socket. */
  readonly ownedTimers: unknown[];
}

/** What the connector tells the client it serves. */
export interface ConnectorHooks {
  /** The state changed. */
  state(state: ConnectionState): void;
  /** A problem that does not stop the client. */
  problem(error: ClientError): void;
  /** A socket opened; the server has not welcomed it yet (time to authenticate). */
  socketOpen(link: Link, token: string | undefined): void;
  /**
   * Welcomed: send what must go out before the state says open; returns
   * what the open state says about recovery (undefined: nothing yet).
   */
  welcomed(send: (frame: string) => void): boolean | undefined;
  /** The state just became open. */
  opened(): void;
  /** A frame other than ping and welcome arrived. */
  envelope(envelope: Envelope): void;
  /** The current socket is gone; answers to what was sent on it will not come. */
  attemptEnded(): void;
  /** Stopped for good, with the reason. */
  stopped(reason: string): void;
}
