import type { Claims } from "../auth/claims.ts";
import { CloseCode } from "../wire/close_codes.ts";
import { encodeEnvelope, ReservedType } from "../wire/envelope.ts";
import type { Broadcast, Connection, EventMap } from "./connection.ts";
import type { CloseInfo } from "./route.ts";
import type { RouteRuntime } from "./_server_core.ts";
import { checkCloseArguments } from "./_close_arguments.ts";
import { concurrencyLimit, MessageQueue } from "./_message_queue.ts";
import { runHook } from "./_session_replies.ts";
import { TokenBucket } from "./_token_bucket.ts";
import { StreamSync } from "./_stream_sync.ts";
import type { DeliveryPosition } from "../fanout/fanout.ts";
import { utf8ByteLength } from "./_utf8.ts";

/**
 * Where a connection is in its life: upgraded but not open yet, open but
 * waiting for first-message auth, open, closing (decided by either side)
 * or closed.
 */
export type SessionPhase =
  | "connecting"
  | "pending"
  | "open"
  | "closing"
  | "closed";

/**
 * Deno's server drops a connection without a close code when a data frame
 * arrives after it sent its close frame, so the client would never learn
 * why it was closed. The close frame therefore waits until the client has
 * been quiet this long (a burst it sent has arrived)...
 */
const CLOSE_QUIET_MS = 100;
/** ...but no longer than this, for a client that never stops sending. */
const CLOSE_MAX_WAIT_MS = 1_000;

/**
 * One WebSocket connection on the server: the {@link Connection} handlers
 * see, plus the bookkeeping the runtime needs (timestamps for the sweep,
 * counters for the log line, the rate-limit buckets).
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
  /** When the last frame arrived (or the upgrade happened). */
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
  /** At least `socket.bufferedAmount`: its last reading plus what was sent since. */
  #unsentBoundBytes = 0;
  messagesIn = 0;
  bytesIn = 0;
  messagesOut = 0;
  bytesOut = 0;
  readonly rate: TokenBucket;
  readonly strikes: TokenBucket;
  /** The handlers of this connection's messages, in order unless the route says otherwise. */
  readonly messages: MessageQueue;
  /** Its streams while it catches up on them; on routes with history only. */
  readonly streams: StreamSync | undefined;
  #closeRequested: CloseInfo | undefined;
  #closeRequestedAtMs = 0;
  #closeTimer: ReturnType<typeof setTimeout> | undefined;
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
    this.messages = new MessageQueue(
      concurrencyLimit(runtime.route.options.concurrency),
      limits.maxQueuedMessages,
    );
    this.closed = new Promise((resolve) => this.#resolveClosed = resolve);
    this.streams = runtime.history &&
      new StreamSync(this, runtime.history, runtime.core.logger);
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
    if (this.rooms.has(room)) return;
    this.runtime.hub.join(this, room);
    if (this.rooms.has(room)) this.#announce(`room:${room}`);
  }

  /** On a route with history, tells the client where a stream starts for it. */
  #announce(stream: string): void {
    if (this.streams === undefined) return;
    this.runtime.core.inFlight.track(this.streams.announce(stream));
  }

  /** Leaves a room (no-op if not in it). */
  leave(room: string): void {
    this.runtime.hub.leave(this, room);
  }

  /**
   * Closes the connection. It leaves its rooms and stops sending and
   * handling messages at once; the close frame follows when the client is
   * quiet (see {@link CLOSE_QUIET_MS}). Throws on a code or reason the
   * WebSocket protocol refuses.
   */
  close(code: number = 1000, reason = ""): void {
    checkCloseArguments(code, reason);
    if (this.phase === "closing" || this.phase === "closed") return;
    this.#closeRequested = { code, reason };
    this.#closeRequestedAtMs = this.runtime.core.clock.now();
    this.phase = "closing";
    this.runtime.hub.remove(this);
    this.flushClose();
  }

  /**
   * Sends the requested close frame once the socket is open and the client
   * quiet, re-checking on a timer until then.
   */
  flushClose(): void {
    const requested = this.#closeRequested;
    if (requested === undefined || this.phase !== "closing") return;
    if (this.socket.readyState !== WebSocket.OPEN) return;
    const nowMs = this.runtime.core.clock.now();
    const quietForMs = nowMs - this.lastSeenMs;
    if (
      quietForMs >= CLOSE_QUIET_MS ||
      nowMs - this.#closeRequestedAtMs >= CLOSE_MAX_WAIT_MS
    ) {
      clearTimeout(this.#closeTimer);
      this.#closeTimer = undefined;
      this.socket.close(requested.code, requested.reason);
      return;
    }
    if (this.#closeTimer === undefined) {
      this.#closeTimer = setTimeout(() => {
        this.#closeTimer = undefined;
        this.flushClose();
      }, CLOSE_QUIET_MS - quietForMs);
    }
  }

  /**
   * Sends an already serialised frame, unless the connection is not open or
   * is a slow consumer: its unsent data from before the last sweep passed
   * `maxBufferedBytes` (a burst sent in one turn is not yet a backlog).
   */
  sendPayload(
    payload: string,
    bytes: number,
    position?: DeliveryPosition,
  ): void {
    if (this.phase !== "open" && this.phase !== "pending") return;
    if (
      position !== undefined && this.streams?.hold(position, payload, bytes)
    ) {
      return;
    }
    const { socket } = this;
    if (socket.readyState !== WebSocket.OPEN) return;
    const { limits, core } = this.runtime;
    // Reading `bufferedAmount` is an op call per send; only sends raise it,
    // so while the bound is under the limit the real value is too.
    let backlogBytes = this.#unsentBoundBytes - this.sentSinceSweepBytes;
    if (backlogBytes > limits.maxBufferedBytes) {
      this.#unsentBoundBytes = socket.bufferedAmount;
      backlogBytes = this.#unsentBoundBytes - this.sentSinceSweepBytes;
    }
    if (backlogBytes > limits.maxBufferedBytes) {
      if (limits.slowConsumer === "drop") {
        core.stats.messagesDropped++;
        return;
      }
      this.close(CloseCode.TryAgainLater, "slow consumer");
      return;
    }
    socket.send(payload);
    this.#unsentBoundBytes += bytes;
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
    this.lastPingMs = core.clock.now();
    if (this.userId !== undefined) this.#announce(`user:${this.userId}`);
    runHook(this, "onOpen", () => route.options.onOpen?.(this));
  }

  /**
   * Accounts for the closed connection once (the runtime may report a close
   * twice): frees its slot, counts it, logs its line and runs `onClose`.
   */
  finalize(eventCode: number, eventReason: string): void {
    if (this.phase === "closed") return;
    this.phase = "closed";
    clearTimeout(this.#closeTimer);
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
      durationMs: core.clock.now() - this.upgradedAtMs,
      messagesIn: this.messagesIn,
      bytesIn: this.bytesIn,
      messagesOut: this.messagesOut,
      bytesOut: this.bytesOut,
    });
    if (this.#activated) {
      runHook(this, "onClose", () => route.options.onClose?.(this, info));
    }
    core.sessionsChanged();
    this.#resolveClosed();
  }
}
