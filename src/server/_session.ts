import type { Claims } from "../auth/claims.ts";
import { CloseCode } from "../wire/close_codes.ts";
import {
  encodeEnvelope,
  encodeError,
  type RequestId,
  ReservedType,
} from "../wire/envelope.ts";
import { ErrorCode, ProtocolError } from "../wire/protocol_error.ts";
import type { Broadcast, Connection, EventMap } from "./connection.ts";
import type { CloseInfo } from "./route.ts";
import type { RouteRuntime } from "./_server_core.ts";
import { TokenBucket } from "./_token_bucket.ts";
import { utf8ByteLength } from "./_utf8.ts";

/**
 * Where a connection is in its life: upgraded but not open yet, open but
 * waiting for first-message auth, open, closing (the server or the client
 * started the close handshake) or closed.
 */
export type SessionPhase =
  | "connecting"
  | "pending"
  | "open"
  | "closing"
  | "closed";

/** Whether a rejected message was over the rate limit or bad input. */
export type StrikeKind = "rate" | "input";

/**
 * One WebSocket connection on the server: the {@link Connection} handlers
 * see, plus the bookkeeping the runtime needs (timestamps for the sweep,
 * counters for the log line, the rate-limit buckets).
 *
 * @example
 * ```ts
 * const session = new Session(runtime, socket, "127.0.0.1", Date.now());
 * session.activate({ sub: "alice" });
 * ```
 */
export class Session implements Connection<EventMap, object> {
  /** Unique across the cluster. */
  readonly id: string = crypto.randomUUID();
  readonly route: string;
  readonly remoteAddress: string;
  readonly state: object;
  readonly rooms: Set<string> = new Set();
  readonly broadcast: Broadcast<EventMap>;
  readonly socket: WebSocket;
  readonly runtime: RouteRuntime;
  readonly upgradedAtMs: number;
  /** Resolves once the connection is closed and accounted for. */
  readonly closed: Promise<void>;
  user: Claims | undefined;
  phase: SessionPhase = "connecting";
  lastSeenMs: number;
  lastPingMs: number;
  /** First-message auth must arrive before this. */
  authDeadlineMs: number | undefined;
  /** The token's `exp` in ms; the sweep closes the connection then. */
  expiresAtMs: number | undefined;
  /** Kept until first-message auth, for the route's `authorize` hook. */
  pendingRequest: Request | undefined;
  /** An `auth` message is being verified. */
  authenticating = false;
  /**
   * Bytes sent since the last sweep. `bufferedAmount` counts a send until
   * the runtime wrote it, which for a healthy client is the next turn of the
   * event loop; only what is older than the last sweep is backlog.
   */
  sentSinceSweepBytes = 0;
  messagesIn = 0;
  bytesIn = 0;
  messagesOut = 0;
  bytesOut = 0;
  readonly rate: TokenBucket;
  readonly strikes: TokenBucket;
  #closeRequested: CloseInfo | undefined;
  #activated = false;
  #resolveClosed!: () => void;

  /** A session for `socket`, just upgraded on `runtime`'s route. */
  constructor(
    runtime: RouteRuntime,
    socket: WebSocket,
    remoteAddress: string,
    nowMs: number,
  ) {
    this.runtime = runtime;
    this.route = runtime.path;
    this.broadcast = runtime.broadcast;
    this.socket = socket;
    this.remoteAddress = remoteAddress;
    this.upgradedAtMs = this.lastSeenMs = this.lastPingMs = nowMs;
    this.state = runtime.route.options.initialState?.() ?? {};
    const { limits } = runtime;
    this.rate = new TokenBucket(
      limits.messageBurst,
      limits.messagesPerSecond / 1000,
      nowMs,
    );
    this.strikes = new TokenBucket(
      limits.maxStrikes,
      limits.maxStrikes / limits.strikeWindowMs,
      nowMs,
    );
    this.closed = new Promise((resolve) => this.#resolveClosed = resolve);
  }

  /** `user.sub`, if authenticated. */
  get userId(): string | undefined {
    return this.user?.sub;
  }

  /** Sends an event to this connection. */
  send(event: string, data: unknown): void {
    const payload = encodeEnvelope(event, data);
    this.sendPayload(payload, utf8ByteLength(payload));
  }

  /** Enters a room (no-op if already in it, or not open). */
  join(room: string): void {
    this.runtime.hub.join(this, room);
  }

  /** Leaves a room (no-op if not in it). */
  leave(room: string): void {
    this.runtime.hub.leave(this, room);
  }

  /**
   * Starts the close handshake. The connection leaves its rooms at once, so
   * nothing more is sent to it while the peer answers (or never does).
   */
  close(code: number = 1000, reason = ""): void {
    if (this.phase === "closing" || this.phase === "closed") return;
    // Throws on a code or reason WebSocket refuses, before any state changes.
    this.socket.close(code, reason);
    this.#closeRequested = { code, reason };
    this.phase = "closing";
    this.runtime.hub.remove(this);
  }

  /**
   * Sends an already serialised frame, unless the connection is not open or
   * is a slow consumer: its unsent data from before the last sweep passed
   * `maxBufferedBytes` (a burst sent in one turn is not yet a backlog).
   */
  sendPayload(payload: string, bytes: number): void {
    const { socket } = this;
    if (socket.readyState !== WebSocket.OPEN) return;
    const { limits, core } = this.runtime;
    if (
      socket.bufferedAmount - this.sentSinceSweepBytes > limits.maxBufferedBytes
    ) {
      if (limits.slowConsumer === "drop") {
        core.stats.messagesDropped++;
        return;
      }
      this.close(CloseCode.TryAgainLater, "slow consumer");
      return;
    }
    socket.send(payload);
    this.sentSinceSweepBytes += bytes;
    this.messagesOut++;
    this.bytesOut += bytes;
    core.stats.messagesOut++;
    core.stats.bytesOut += bytes;
  }

  /**
   * Makes the connection open: registers it for messaging, sends `welcome`
   * and runs the route's `onOpen`.
   */
  activate(claims: Claims | undefined): void {
    const { hub, core, route } = this.runtime;
    this.phase = "open";
    this.#activated = true;
    this.user = claims;
    this.expiresAtMs = typeof claims?.exp === "number"
      ? claims.exp * 1000
      : undefined;
    this.authDeadlineMs = undefined;
    this.pendingRequest = undefined;
    hub.add(this);
    this.send(ReservedType.Welcome, {
      connectionId: this.id,
      pingIntervalMs: core.heartbeat.pingIntervalMs,
      version: route.protocol.version,
    });
    this.lastPingMs = Date.now();
    this.runHook("onOpen", () => route.options.onOpen?.(this));
  }

  /**
   * Answers a message with an error and counts a strike; past `maxStrikes`
   * in the window, closes the connection (4429 for the rate limit, 1008 for
   * bad input).
   */
  reject(
    error: ProtocolError,
    id: RequestId | undefined,
    kind: StrikeKind,
  ): void {
    const { core, path } = this.runtime;
    core.stats.count(core.stats.rejectedMessages, error.code);
    core.logger.log({
      kind: "message_rejected",
      route: path,
      connectionId: this.id,
      userId: this.userId,
      code: error.code,
      message: error.message,
      ...(error.path === undefined ? {} : { path: error.path }),
    });
    const payload = encodeError(error, id);
    this.sendPayload(payload, utf8ByteLength(payload));
    if (!this.strikes.take(Date.now())) {
      if (kind === "rate") {
        this.close(CloseCode.RateLimited, "rate limit exceeded");
      } else this.close(CloseCode.PolicyViolation, "too many bad messages");
    }
  }

  /**
   * Answers a handler failure: a thrown {@link ProtocolError} keeps its code;
   * anything else is logged and becomes `internal_error`.
   */
  handlerFailed(handler: string, error: unknown, id?: RequestId): void {
    const { core, path } = this.runtime;
    let answer: ProtocolError;
    if (error instanceof ProtocolError) {
      answer = error;
    } else {
      core.stats.handlerErrors++;
      core.logger.log({
        kind: "handler_error",
        route: path,
        connectionId: this.id,
        userId: this.userId,
        handler,
        error,
      });
      answer = new ProtocolError(
        ErrorCode.InternalError,
        "the server failed to handle this message; the error was logged",
      );
    }
    const payload = encodeError(answer, id);
    this.sendPayload(payload, utf8ByteLength(payload));
  }

  /**
   * Runs a hook; a throw or rejection is logged (the client cannot be told:
   * hooks answer no message), and a promise is tracked for shutdown.
   */
  runHook(name: string, hook: () => unknown): void {
    const fail = (error: unknown) => {
      const { core, path } = this.runtime;
      core.stats.handlerErrors++;
      core.logger.log({
        kind: "handler_error",
        route: path,
        connectionId: this.id,
        userId: this.userId,
        handler: name,
        error,
      });
    };
    try {
      const result = hook();
      if (result instanceof Promise) {
        this.runtime.core.inFlight.track(result.catch(fail));
      }
    } catch (error) {
      fail(error);
    }
  }

  /**
   * Accounts for the closed connection once (the runtime may report a close
   * twice): frees its slot, counts it, logs its line and runs `onClose`.
   */
  finalize(eventCode: number, eventReason: string): void {
    if (this.phase === "closed") return;
    this.phase = "closed";
    const { hub, core, path, connectionsPerIp, route } = this.runtime;
    hub.remove(this);
    const perIp = (connectionsPerIp.get(this.remoteAddress) ?? 1) - 1;
    if (perIp > 0) connectionsPerIp.set(this.remoteAddress, perIp);
    else connectionsPerIp.delete(this.remoteAddress);
    core.sessions.delete(this);
    core.stats.openByRoute[path]--;
    const info = this.#closeRequested ??
      { code: eventCode, reason: eventReason };
    core.stats.count(core.stats.closesByCode, info.code);
    core.logger.log({
      kind: "connection_closed",
      route: path,
      connectionId: this.id,
      userId: this.userId,
      remoteAddress: this.remoteAddress,
      code: info.code,
      reason: info.reason,
      durationMs: Date.now() - this.upgradedAtMs,
      messagesIn: this.messagesIn,
      bytesIn: this.bytesIn,
      messagesOut: this.messagesOut,
      bytesOut: this.bytesOut,
    });
    if (this.#activated) {
      this.runHook("onClose", () => route.options.onClose?.(this, info));
    }
    core.sessionsChanged();
    this.#resolveClosed();
  }
}
