import { AuthErrorCode } from "../auth/auth_error.ts";
import type { Claims } from "../auth/claims.ts";
import type { DeliveryPosition } from "../fanout/fanout.ts";
import { CloseCode } from "../wire/close_codes.ts";
import { encodeEnvelope, ReservedType } from "../wire/envelope.ts";
import type { Broadcast, EventMap } from "./connection.ts";
import type { CloseInfo } from "./route.ts";
import type { SweepTiming } from "./_reaper.ts";
import type { LiveConnection, RouteRuntime } from "./_server_core.ts";
import { checkCloseArguments } from "./_close_arguments.ts";
import { ConnectionContext } from "./_connection_context.ts";
import {
  concurrencyLimit,
  MessageQueue,
  type MessageTask,
} from "./_message_queue.ts";
import { StreamSync } from "./_stream_sync.ts";
import { TokenBucket } from "./_token_bucket.ts";
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

/** How a connection was let in, decided before the upgrade; acted on at open. */
export type Admission =
  | { readonly kind: "open"; readonly claims: Claims | undefined }
  | { readonly kind: "pending"; readonly request: Request }
  | {
    /**
     * Refused, but told over the socket: a generated client cannot read
     * an HTTP status (a browser hides it), only a close code and reason.
     * `rejection` is what `stats().rejectedConnections` counts.
     */
    readonly kind: "refused";
    readonly code: number;
    readonly reason: string;
    readonly rejection: string;
  };

/** Takes one frame of a session to its handler (`handleFrame`). */
export type FrameReader = (session: Session, data: unknown) => void;

/** A close the server decided, until its close frame is sent. */
interface CloseRequest {
  readonly code: number;
  readonly reason: string;
  readonly atMs: number;
  /** Re-checks whether the client is quiet yet. */
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Deno's server drops a connection without a close code when a data frame
 * arrives after it sent its close frame, so the client would never learn
 * why it was closed. The close frame therefore waits until the client has
 * been quiet this long (a burst it sent has arrived)...
 */
const CLOSE_QUIET_MS = 100;
/** ...but no longer than this, for a client that never stops sending. */
const CLOSE_MAX_WAIT_MS = 1_000;
const DEFAULT_FIRST_MESSAGE_TIMEOUT_MS = 10_000;
const PING = encodeEnvelope(ReservedType.Ping, null);
const PING_BYTES = utf8ByteLength(PING);
const NO_ROOMS: ReadonlySet<string> = new Set();

/**
 * One WebSocket connection on the server, and the only writer of its
 * state: every change of phase, deadline, user or counter is a method
 * here, called by the socket's events, the frame and auth-message handlers
 * and the sweep. Handlers and hooks get its {@link ConnectionContext}, not
 * the session. What an idle connection does not use (rate buckets, message
 * queue, rooms, state, stream sync, the context) is made on first use:
 * at thousands of connections each is a few hundred bytes apiece.
 */
export class Session implements LiveConnection {
  // Every field costs each connection 8 bytes (Deno's V8 has no pointer
  // compression), and a time in ms since 1970 is too large for a small
  // integer: V8 boxes each in a 16-byte heap number. So times are kept as ms
  // since the upgrade, and what can be derived is not stored.
  /** Unique across the cluster. */
  readonly id: string = crypto.randomUUID();
  readonly remoteAddress: string;
  readonly runtime: RouteRuntime;
  readonly #socket: WebSocket;
  readonly #readFrame: FrameReader;
  readonly #upgradedAtMs: number;
  #phase: SessionPhase = "connecting";
  /**
   * How it was let in, until it opens; while first-message auth is pending,
   * it keeps the upgrade request for the route's `authorize` hook.
   */
  #admission: Admission | undefined;
  /** The verified claims; their `exp` is when the sweep closes the connection. */
  #user: Claims | undefined;
  /** When the last frame arrived (or the upgrade happened), in ms since the upgrade. */
  #lastSeenOffsetMs = 0;
  /** When the last `ping` went out, in ms since the upgrade. */
  #lastPingOffsetMs = 0;
  /** An `auth` message is being verified. */
  #authenticating = false;
  /**
   * Bytes sent since the last sweep. `bufferedAmount` counts a send until
   * the runtime wrote it, which for a healthy client is the next turn of the
   * event loop; only what is older than the last sweep is backlog.
   */
  #sentSinceSweepBytes = 0;
  /** At least `socket.bufferedAmount`: its last reading plus what was sent since. */
  #unsentBoundBytes = 0;
  #messagesIn = 0;
  #bytesIn = 0;
  #messagesOut = 0;
  #bytesOut = 0;
  #rate: TokenBucket | undefined;
  #strikes: TokenBucket | undefined;
  #messages: MessageQueue | undefined;
  #streams: StreamSync | undefined;
  #rooms: Set<string> | undefined;
  #state: object | undefined;
  #context: ConnectionContext | undefined;
  #closeRequest: CloseRequest | undefined;
  #activated = false;
  #closed: PromiseWithResolvers<void> | undefined;

  /**
   * A session for `socket`, just upgraded on `runtime`'s route: counted in
   * the server's books and listening to the socket's events. `readFrame`
   * takes each frame to its handler.
   */
  constructor(
    runtime: RouteRuntime,
    socket: WebSocket,
    remoteAddress: string,
    admission: Admission,
    readFrame: FrameReader,
  ) {
    const { core, path, connectionsPerIp } = runtime;
    const nowMs = core.clock.now();
    this.runtime = runtime;
    this.remoteAddress = remoteAddress;
    this.#socket = socket;
    this.#readFrame = readFrame;
    this.#admission = admission;
    this.#upgradedAtMs = nowMs;
    // Called at the upgrade, as before; `{}` for a route without one is made on first use.
    this.#state = runtime.route.options.initialState?.();
    connectionsPerIp.set(
      remoteAddress,
      (connectionsPerIp.get(remoteAddress) ?? 0) + 1,
    );
    core.stats.connectionsAccepted++;
    core.stats.openByRoute[path] = (core.stats.openByRoute[path] ?? 0) + 1;
    core.sessions.add(this);
    core.sessionsChanged();
    socket.binaryType = "arraybuffer";
    // The session is the listener object itself (`handleEvent`): no closure
    // and no `on*` wrapper per event and connection. No "error" listener:
    // the runtime follows an error event with a close event, which does the
    // bookkeeping, and an unheard error event is harmless.
    socket.addEventListener("open", this, { once: true });
    socket.addEventListener("message", this);
    socket.addEventListener("close", this);
  }

  /** The route path, e.g. `/chat`. */
  get route(): string {
    return this.runtime.path;
  }

  /** Messaging to the route's connections. */
  get broadcast(): Broadcast<EventMap> {
    return this.runtime.broadcast;
  }

  /** Where the connection is in its life. */
  get phase(): SessionPhase {
    return this.#phase;
  }

  /** The verified claims, once authenticated. */
  get user(): Claims | undefined {
    return this.#user;
  }

  /** `user.sub`, if authenticated. */
  get userId(): string | undefined {
    return this.#user?.sub;
  }

  /** The upgrade request, while first-message auth is pending. */
  get pendingRequest(): Request | undefined {
    const admission = this.#admission;
    return this.#phase === "pending" && admission?.kind === "pending"
      ? admission.request
      : undefined;
  }

  /** True while an `auth` message is being verified. */
  get authenticating(): boolean {
    return this.#authenticating;
  }

  /** Per-connection state for the application. */
  get state(): object {
    return this.#state ??= {};
  }

  /** The rooms the connection is in (an empty set shared by all until it joins one). */
  get rooms(): ReadonlySet<string> {
    return this.#rooms ?? NO_ROOMS;
  }

  /** The rooms as a set that stays current, for the application. */
  liveRooms(): ReadonlySet<string> {
    return this.#rooms ??= new Set();
  }

  /** Records entering `room`; called by the route's hub. */
  addRoom(room: string): void {
    (this.#rooms ??= new Set()).add(room);
  }

  /** Records leaving `room`; called by the route's hub. False if not in it. */
  deleteRoom(room: string): boolean {
    return this.#rooms?.delete(room) ?? false;
  }

  /** What handlers and hooks receive: the same object for the whole connection. */
  get context(): ConnectionContext {
    return this.#context ??= new ConnectionContext(this);
  }

  /** Its streams while it catches up on them; on routes with history only. */
  get streams(): StreamSync | undefined {
    const { history, core } = this.runtime;
    if (history === undefined) return undefined;
    return this.#streams ??= new StreamSync(this, history, core.logger);
  }

  /** Resolves once the connection is closed and accounted for. */
  get closed(): Promise<void> {
    if (this.#phase === "closed") return Promise.resolve();
    return (this.#closed ??= Promise.withResolvers()).promise;
  }

  /** The socket's events: open, message and close. */
  handleEvent(event: Event): void {
    switch (event.type) {
      case "open":
        this.#opened();
        return;
      case "message":
        try {
          this.#readFrame(this, (event as MessageEvent).data);
        } catch (error) {
          // A bug here must cost one message, not the process: an exception
          // escaping an event listener ends a Deno program.
          this.runtime.core.logger.log({
            kind: "server_error",
            message: `handling a frame on ${this.route} failed`,
            error,
          });
        }
        return;
      case "close": {
        const { code, reason } = event as CloseEvent;
        this.#finalize(code, reason);
      }
    }
  }

  /**
   * Notes that a frame arrived at `nowMs` (also while closing: the close
   * frame waits for the client to be quiet). True if the connection takes
   * messages (open, or pending first-message auth).
   */
  frameArrived(nowMs: number): boolean {
    this.#lastSeenOffsetMs = nowMs - this.#upgradedAtMs;
    return this.#phase === "open" || this.#phase === "pending";
  }

  /** Counts a received message of `bytes` for the connection's log line. */
  countMessageIn(bytes: number): void {
    this.#messagesIn++;
    this.#bytesIn += bytes;
  }

  /** Takes a token of the message rate limit; false when over it. */
  takeMessageToken(nowMs: number): boolean {
    const { limits } = this.runtime;
    // Made full on first use, which is what a bucket made at the upgrade
    // would hold by then: refills stop at the capacity.
    this.#rate ??= new TokenBucket(
      limits.messageBurst,
      limits.messagesPerSecond / 1000,
      nowMs,
    );
    return this.#rate.take(nowMs);
  }

  /** Records a strike for a rejected message; false once past `maxStrikes` in the window. */
  takeStrike(nowMs: number): boolean {
    const { limits } = this.runtime;
    this.#strikes ??= new TokenBucket(
      limits.maxStrikes,
      limits.maxStrikes / limits.strikeWindowMs,
      nowMs,
    );
    return this.#strikes.take(nowMs);
  }

  /**
   * Runs a message's handler in turn (see `MessageQueue`); false, and
   * nothing queued, when `maxQueuedMessages` are already waiting.
   */
  offer(task: MessageTask): boolean {
    this.#messages ??= new MessageQueue(
      concurrencyLimit(this.runtime.route.options.concurrency),
      this.runtime.limits.maxQueuedMessages,
    );
    return this.#messages.offer(task);
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
    if (this.#phase === "closing" || this.#phase === "closed") return;
    this.#closeRequest = {
      code,
      reason,
      atMs: this.runtime.core.clock.now(),
      timer: undefined,
    };
    this.#phase = "closing";
    this.runtime.hub.remove(this);
    this.#flushClose();
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
    if (this.#phase !== "open" && this.#phase !== "pending") return;
    // Nothing is held before the first catch-up made the stream sync.
    if (
      position !== undefined && this.#streams?.hold(position, payload, bytes)
    ) {
      return;
    }
    const socket = this.#socket;
    if (socket.readyState !== WebSocket.OPEN) return;
    const { limits, core } = this.runtime;
    // Reading `bufferedAmount` is an op call per send; only sends raise it,
    // so while the bound is under the limit the real value is too.
    let backlogBytes = this.#unsentBoundBytes - this.#sentSinceSweepBytes;
    if (backlogBytes > limits.maxBufferedBytes) {
      this.#unsentBoundBytes = socket.bufferedAmount;
      backlogBytes = this.#unsentBoundBytes - this.#sentSinceSweepBytes;
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
    this.#sentSinceSweepBytes += bytes;
    this.#messagesOut++;
    this.#bytesOut += bytes;
    core.stats.messagesOut++;
    core.stats.bytesOut += bytes;
  }

  /**
   * Marks an `auth` message as being verified; false if one already is.
   * {@link authenticationSettled} ends it.
   */
  startAuthentication(): boolean {
    if (this.#authenticating) return false;
    this.#authenticating = true;
    return true;
  }

  /** The `auth` message being verified was answered. */
  authenticationSettled(): void {
    this.#authenticating = false;
  }

  /**
   * Makes the connection open: registers it for messaging, sends `welcome`
   * and runs the route's `onOpen`. From `connecting` (authenticated at the
   * upgrade, or a public route) or `pending` (first-message auth).
   */
  activate(claims: Claims | undefined): void {
    const { hub, core, route } = this.runtime;
    this.#phase = "open";
    this.#activated = true;
    this.#user = claims;
    this.#admission = undefined;
    hub.add(this);
    this.send(ReservedType.Welcome, {
      connectionId: this.id,
      pingIntervalMs: core.heartbeat.pingIntervalMs,
      version: route.protocol.version,
    });
    this.#lastPingOffsetMs = core.clock.now() - this.#upgradedAtMs;
    if (this.userId !== undefined) this.#announce(`user:${this.userId}`);
    this.#runHook("onOpen", () => route.options.onOpen?.(this.context));
  }

  /** A refreshed token for the same user: new claims, new expiry. */
  refreshToken(claims: Claims): void {
    this.#user = claims;
  }

  /**
   * One pass of the server's sweep: closes a connection not authenticated
   * by its deadline (4408), whose token expired (4401) or that has been
   * silent too long (1001 "stalled"); otherwise sends the `ping` when due.
   */
  sweep(nowMs: number, timing: SweepTiming): void {
    const sinceUpgradeMs = nowMs - this.#upgradedAtMs;
    if (this.#phase === "pending") {
      // The deadline counts from the upgrade.
      const timeoutMs = this.runtime.core.auth?.firstMessageTimeoutMs ??
        DEFAULT_FIRST_MESSAGE_TIMEOUT_MS;
      if (sinceUpgradeMs >= timeoutMs) {
        this.close(CloseCode.AuthTimeout, "authentication timeout");
      }
      return;
    }
    if (this.#phase !== "open") return;
    this.#sentSinceSweepBytes = 0;
    const exp = this.#user?.exp;
    if (typeof exp === "number" && nowMs >= exp * 1000) {
      this.#tokenExpired();
      this.close(CloseCode.Unauthenticated, "token expired");
    } else if (
      sinceUpgradeMs - this.#lastSeenOffsetMs > timing.stalledAfterMs
    ) {
      this.close(CloseCode.GoingAway, "stalled");
    } else if (sinceUpgradeMs - this.#lastPingOffsetMs >= timing.pingAfterMs) {
      this.#lastPingOffsetMs = sinceUpgradeMs;
      this.sendPayload(PING, PING_BYTES);
    }
  }

  /**
   * Counts and logs a handler or hook that failed; `handler` names it.
   */
  reportHandlerError(handler: string, error: unknown): void {
    const { core, path } = this.runtime;
    core.stats.handlerErrors++;
    core.logger.log({
      kind: "handler_error",
      route: path,
      connectionId: this.id,
      userId: this.userId,
      handler,
      error,
    });
  }

  /** The socket opened: acts on how the connection was let in. */
  #opened(): void {
    const admission = this.#admission!;
    // Closed before it opened (a shutdown): the close frame can go now.
    if (this.#phase === "closing") this.#flushClose();
    if (this.#phase !== "connecting") return;
    const { core } = this.runtime;
    switch (admission.kind) {
      case "open":
        this.activate(admission.claims);
        return;
      case "pending":
        // The admission stays: it holds the request for `authorize`.
        this.#phase = "pending";
        return;
      case "refused":
        this.#admission = undefined;
        core.stats.count(core.stats.rejectedConnections, admission.rejection);
        this.close(admission.code, admission.reason);
    }
  }

  /** On a route with history, tells the client where a stream starts for it. */
  #announce(stream: string): void {
    const streams = this.streams;
    if (streams === undefined) return;
    this.runtime.core.inFlight.track(streams.announce(stream));
  }

  /**
   * Sends the requested close frame once the socket is open and the client
   * quiet, re-checking on a timer until then.
   */
  #flushClose(): void {
    const request = this.#closeRequest;
    if (request === undefined || this.#phase !== "closing") return;
    if (this.#socket.readyState !== WebSocket.OPEN) return;
    const nowMs = this.runtime.core.clock.now();
    const quietForMs = nowMs - this.#upgradedAtMs - this.#lastSeenOffsetMs;
    if (
      quietForMs >= CLOSE_QUIET_MS ||
      nowMs - request.atMs >= CLOSE_MAX_WAIT_MS
    ) {
      clearTimeout(request.timer);
      request.timer = undefined;
      this.#socket.close(request.code, request.reason);
      return;
    }
    if (request.timer === undefined) {
      request.timer = setTimeout(() => {
        request.timer = undefined;
        this.#flushClose();
      }, CLOSE_QUIET_MS - quietForMs);
    }
  }

  /**
   * Accounts for the closed connection once (the runtime may report a close
   * twice): frees its slot, counts it, logs its line and runs `onClose`.
   */
  #finalize(eventCode: number, eventReason: string): void {
    if (this.#phase === "closed") return;
    this.#phase = "closed";
    this.#admission = undefined;
    const request = this.#closeRequest;
    clearTimeout(request?.timer);
    const { hub, core, path, connectionsPerIp, route } = this.runtime;
    hub.remove(this);
    const perIp = (connectionsPerIp.get(this.remoteAddress) ?? 1) - 1;
    if (perIp > 0) connectionsPerIp.set(this.remoteAddress, perIp);
    else connectionsPerIp.delete(this.remoteAddress);
    core.sessions.delete(this);
    core.stats.openByRoute[path]--;
    const info: CloseInfo = request === undefined
      ? { code: eventCode, reason: eventReason }
      : { code: request.code, reason: request.reason };
    core.stats.count(core.stats.closesByCode, info.code);
    core.logger.log({
      kind: "connection_closed",
      route: path,
      connectionId: this.id,
      userId: this.userId,
      remoteAddress: this.remoteAddress,
      code: info.code,
      reason: info.reason,
      durationMs: core.clock.now() - this.#upgradedAtMs,
      messagesIn: this.#messagesIn,
      bytesIn: this.#bytesIn,
      messagesOut: this.#messagesOut,
      bytesOut: this.#bytesOut,
    });
    if (this.#activated) {
      this.#runHook(
        "onClose",
        () => route.options.onClose?.(this.context, info),
      );
    }
    core.sessionsChanged();
    this.#closed?.resolve();
  }

  /**
   * Runs a hook (`onOpen`, `onClose`): a throw or rejection is logged, since
   * hooks answer no message, and a returned promise is tracked for shutdown.
   */
  #runHook(name: string, hook: () => unknown): void {
    try {
      const result = hook();
      if (result instanceof Promise) {
        this.runtime.core.inFlight.track(
          result.catch((error) => this.reportHandlerError(name, error)),
        );
      }
    } catch (error) {
      this.reportHandlerError(name, error);
    }
  }

  #tokenExpired(): void {
    const { core, path } = this.runtime;
    core.stats.count(core.stats.authFailures, AuthErrorCode.Expired);
    core.logger.log({
      kind: "auth_failed",
      route: path,
      remoteAddress: this.remoteAddress,
      stage: "refresh",
      reason: AuthErrorCode.Expired,
      connectionId: this.id,
      ...(this.userId === undefined ? {} : { userId: this.userId }),
    });
  }
}
