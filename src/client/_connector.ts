import { CloseCode } from "../wire/close_codes.ts";
import {
  decodeEnvelope,
  encodeEnvelope,
  type Envelope,
  ReservedType,
} from "../wire/envelope.ts";
import { openSocket } from "./_open_socket.ts";
import { RetryPolicy } from "./_retry_policy.ts";
import type { RetryDecision } from "./_retry_policy.ts";
import { parseWelcome } from "./_server_frames.ts";
import { SOCKET_OPEN, type WebSocketLike } from "./_socket.ts";
import { ClientError, ClientErrorCode } from "./client_error.ts";
import type { ResolvedClientOptions } from "./_resolved_options.ts";
import type { ClientProtocol } from "./client_protocol.ts";
import type { ConnectionState } from "./connection_state.ts";
import type { ConnectorHooks, Link } from "./_link.ts";

const MAX_JSON_DEPTH = 64;
const PONG_FRAME = encodeEnvelope(ReservedType.Pong, null);
// Tolerates one late or lost heartbeat before declaring the server dead.
const SILENCE_PINGS = 2;
const SILENCE_GRACE_MS = 1_000;
/** The reason given for a 1006, which carries none, in states and errors. */
const DROPPED_REASON = "the connection failed or dropped without a close frame";
/** How long `close()` waits for sockets to finish their close handshake. */
const CLOSE_WAIT_MS = 5_000;

/**
 * The transport half of the client: credentials before each attempt, the
 * socket, heartbeat answers, dead-server detection, backoff, and which
 * close codes end retrying. Messages are the client's business.
 */
export class Connector {
  readonly #protocol: ClientProtocol;
  readonly #options: ResolvedClientOptions;
  readonly #hooks: ConnectorHooks;
  /** Sockets whose close event has not arrived yet, abandoned ones included. */
  readonly #liveSockets = new Set<WebSocketLike>();
  #socketsClosed: Array<() => void> = [];
  #state: ConnectionState = { kind: "idle" };
  #link: Link | undefined;
  /** Changes whenever an attempt starts or ends, so stale callbacks stop. */
  #generation = 0;
  #openTimer: unknown;
  #retryTimer: unknown;
  readonly #policy: RetryPolicy;

  constructor(
    protocol: ClientProtocol,
    options: ResolvedClientOptions,
    hooks: ConnectorHooks,
  ) {
    this.#protocol = protocol;
    this.#options = options;
    this.#hooks = hooks;
    this.#policy = new RetryPolicy(
      options.reconnect,
      options.random,
      protocol.olderVersions,
    );
  }

  get state(): ConnectionState {
    return this.#state;
  }

  start(): void {
    if (this.#state.kind !== "idle" && this.#state.kind !== "closed") return;
    this.#policy.reset();
    void this.#attempt();
  }

  close(code: number, reason: string): Promise<void> {
    // Closing a closed client changes nothing: listeners heard `closed` once.
    if (this.#state.kind !== "closed") {
      const link = this.#link;
      this.#endAttempt();
      if (link !== undefined) closeQuietly(link.socket, code, reason);
      this.#stop(code, reason);
    }
    if (this.#liveSockets.size === 0) return Promise.resolve();
    const { timers } = this.#options;
    return new Promise((resolve) => {
      // A frozen server never completes the close handshake; stop waiting.
      const timer = timers.setTimeout(resolve, CLOSE_WAIT_MS);
      this.#socketsClosed.push(() => {
        timers.clearTimeout(timer);
        resolve();
      });
    });
  }

  retryNow(): void {
    if (this.#state.kind === "reconnecting") void this.#attempt();
  }

  /** Sends on the welcomed socket; false when there is none. */
  trySend(frame: string): boolean {
    const link = this.#link;
    if (!link?.welcomed || link.socket.readyState !== SOCKET_OPEN) return false;
    link.socket.send(frame);
    return true;
  }

  /** Sends on `link` if it is still the current socket (before the welcome too). */
  sendOn(link: Link, frame: string): boolean {
    if (this.#link !== link || link.socket.readyState !== SOCKET_OPEN) {
      return false;
    }
    link.socket.send(frame);
    return true;
  }

  isCurrent(link: Link): boolean {
    return this.#link === link;
  }

  async #attempt(): Promise<void> {
    const generation = this.#endAttempt();
    this.#setState({ kind: "connecting" });
    this.#openTimer = this.#options.timers.setTimeout(() => {
      if (generation !== this.#generation) return;
      this.#abandon(
        new ClientError(
          ClientErrorCode.OpenTimeout,
          `no welcome from the server within ${this.#options.openTimeoutMs} ms (openTimeoutMs)`,
        ),
      );
    }, this.#options.openTimeoutMs);
    const outcome = await openSocket(
      this.#protocol,
      this.#options,
      () => generation === this.#generation,
    );
    if (generation !== this.#generation) return;
    if (outcome.kind === "opened") this.#watch(outcome.socket, outcome.token);
    else if (outcome.kind === "retry") this.#abandon(outcome.error);
    else if (outcome.kind === "fail") {
      this.#hooks.problem(outcome.error);
      this.#stop(CloseCode.Abnormal, outcome.error.message);
    }
  }

  #watch(socket: WebSocketLike, token: string | undefined): void {
    const link: Link = {
      socket,
      welcomed: false,
      silenceMs: 0,
      ownedTimers: [],
    };
    this.#link = link;
    this.#liveSockets.add(socket);
    socket.onopen = () => {
      if (this.#link === link) this.#hooks.socketOpen(link, token);
    };
    socket.onmessage = (event) => {
      if (this.#link === link) this.#receive(link, event.data);
    };
    // A close event follows every error event and carries the details.
    socket.onerror = () => {};
    socket.onclose = (event) => {
      this.#liveSockets.delete(socket);
      if (this.#liveSockets.size === 0) {
        for (const resolve of this.#socketsClosed.splice(0)) resolve();
      }
      // Deno reports a refused connection as code 0; browsers say 1006.
      const code = event.code >= 1000 ? event.code : CloseCode.Abnormal;
      const reason = event.reason ||
        (code === CloseCode.Abnormal ? DROPPED_REASON : "");
      if (this.#link === link) this.#lost(code, reason);
    };
  }

  #receive(link: Link, raw: unknown): void {
    this.#armSilence(link);
    let envelope: Envelope;
    try {
      if (typeof raw !== "string") throw new TypeError("binary frame");
      envelope = decodeEnvelope(raw, MAX_JSON_DEPTH);
    } catch (cause) {
      this.#hooks.problem(
        new ClientError(
          ClientErrorCode.InvalidFrame,
          "the server sent a frame that is not a JSON envelope",
          { cause },
        ),
      );
      return;
    }
    if (envelope.type === ReservedType.Ping) link.socket.send(PONG_FRAME);
    else if (envelope.type === ReservedType.Welcome) {
      this.#welcome(link, envelope.data);
    } else this.#hooks.envelope(envelope);
  }

  #welcome(link: Link, data: unknown): void {
    const welcome = parseWelcome(data);
    if (welcome === undefined) {
      this.#hooks.problem(
        new ClientError(
          ClientErrorCode.InvalidFrame,
          "the server sent a welcome without connectionId and pingIntervalMs",
        ),
      );
      return;
    }
    this.#options.timers.clearTimeout(this.#openTimer);
    link.welcomed = true;
    link.silenceMs = this.#options.serverSilenceMs ??
      SILENCE_PINGS * welcome.pingIntervalMs + SILENCE_GRACE_MS;
    this.#armSilence(link);
    this.#policy.reset();
    // Replays and the queue go out before the state says open, so a message
    // sent from a state listener cannot overtake them.
    const recovered = this.#hooks.welcomed((frame) => link.socket.send(frame));
    this.#setState(
      recovered === undefined
        ? { kind: "open", connectionId: welcome.connectionId }
        : { kind: "open", connectionId: welcome.connectionId, recovered },
    );
    this.#hooks.opened();
  }

  /** The reconnect's recovery settled: the open state says whether it recovered. */
  settleRecovery(recovered: boolean): void {
    const state = this.#state;
    if (state.kind !== "open" || state.recovered === recovered) return;
    this.#setState({ ...state, recovered });
  }

  /** The socket closed by itself, or the server closed it. */
  #lost(code: number, reason: string): void {
    this.#endAttempt();
    this.#follow(this.#policy.afterClose(code, reason));
  }

  /** Gives up the current attempt without waiting for its socket to close. */
  #abandon(error: ClientError): void {
    this.#hooks.problem(error);
    const link = this.#link;
    this.#endAttempt();
    if (link !== undefined) {
      closeQuietly(link.socket, CloseCode.Normal, error.code);
    }
    this.#follow(this.#policy.afterFailure(CloseCode.Abnormal, error.message));
  }

  /** Ends the current attempt: its timers stop and its socket's events are ignored. */
  #endAttempt(): number {
    const { timers } = this.#options;
    timers.clearTimeout(this.#openTimer);
    timers.clearTimeout(this.#retryTimer);
    const link = this.#link;
    if (link !== undefined) {
      this.#link = undefined;
      timers.clearTimeout(link.silenceTimer);
      for (const timer of link.ownedTimers) timers.clearTimeout(timer);
      this.#hooks.attemptEnded();
    }
    return ++this.#generation;
  }

  #follow(decision: RetryDecision): void {
    if (decision.kind === "stop") {
      this.#stop(decision.code, decision.reason);
      return;
    }
    const generation = this.#generation;
    this.#setState({
      kind: "reconnecting",
      attempt: decision.attempt,
      nextRetryMs: decision.nextRetryMs,
      code: decision.code,
      reason: decision.reason,
    });
    // A state listener may have closed the client or retried already.
    if (generation !== this.#generation) return;
    this.#retryTimer = this.#options.timers.setTimeout(
      () => void this.#attempt(),
      decision.nextRetryMs,
    );
  }

  /** Final: nothing is retried until `start()`. */
  #stop(code: number, reason: string): void {
    this.#endAttempt();
    this.#hooks.stopped(reason);
    this.#setState({ kind: "closed", code, reason });
  }

  #armSilence(link: Link): void {
    if (!link.welcomed) return;
    const { timers } = this.#options;
    timers.clearTimeout(link.silenceTimer);
    link.silenceTimer = timers.setTimeout(() => {
      if (this.#link !== link) return;
      this.#abandon(
        new ClientError(
          ClientErrorCode.ServerSilent,
          `the server sent nothing for ${link.silenceMs} ms (serverSilenceMs)`,
        ),
      );
    }, link.silenceMs);
  }

  #setState(state: ConnectionState): void {
    this.#state = state;
    this.#hooks.state(state);
  }
}

/**
 * Closes a socket that is being given up. Implementations differ on what
 * `close()` does before the handshake finished; none of that may stop the
 * client from moving on.
 */
function closeQuietly(
  socket: WebSocketLike,
  code: number,
  reason: string,
): void {
  try {
    socket.close(code, reason);
  } catch {
    // The socket is dropped either way; its close event, if any, is ignored.
  }
}
