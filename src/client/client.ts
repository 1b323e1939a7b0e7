import { CloseCode, isTerminalCloseCode } from "../wire/close_codes.ts";
import { encodeEnvelope } from "../wire/envelope.ts";
import { ErrorCode, ProtocolError } from "../wire/protocol_error.ts";
import { rootIssue } from "../wire/validation.ts";
import { Connector } from "./_connector.ts";
import { Inbound } from "./_inbound.ts";
import { ClientListeners } from "./_listeners.ts";
import { Outbox } from "./_outbox.ts";
import { PendingRequests } from "./_pending_requests.ts";
import { ReplayMemory } from "./_replay_memory.ts";
import { StreamRecovery } from "./_stream_recovery.ts";
import { TokenAuth } from "./_token_auth.ts";
import { Tolerance } from "./_tolerance.ts";
import type { ClientDiagnostic, IgnoredCounts } from "./client_diagnostic.ts";
import { ClientError, ClientErrorCode } from "./client_error.ts";
import {
  checkRequestOptions,
  resolveClientOptions,
  type ResolvedClientOptions,
} from "./_resolved_options.ts";
import type { ClientOptions, RequestOptions } from "./client_options.ts";
import type { ClientProtocol, EventMap } from "./client_protocol.ts";
import type { ConnectionState } from "./connection_state.ts";
import type { RecoveryResult, StreamStats } from "./recovery_result.ts";

// RFC 6455: a close frame's payload is 125 bytes, 2 of them the code.
const MAX_CLOSE_REASON_BYTES = 123;

/**
 * The client runtime that generated clients (`ChatClient`) extend: it
 * connects, authenticates, validates what arrives, answers heartbeats,
 * detects a silent server, reconnects with backoff, queues what is sent
 * while disconnected and re-sends `@replay` messages (rooms) after a
 * reconnect. On a route with history it keeps its position in every stream
 * (room, user), drops duplicates, and after a reconnect or a gap gets what
 * it missed, in order, or learns that it cannot ({@link onRecovery}). It
 * runs unchanged in browsers, Deno and Node.
 *
 * Nothing the server sends is thrown into application code: invalid frames
 * and events are reported through {@link WiretypeClient.onError}. What the
 * application sends is checked against the protocol first: invalid data
 * throws (messages) or rejects (RPCs) with the `invalid_data` ProtocolError
 * the server would answer, and nothing goes on the wire, so bad input never
 * costs the connection.
 *
 * @example Usage
 * ```ts
 * import { type ClientOptions, type RequestOptions, WiretypeClient } from "@wiretype/wiretype/client";
 *
 * // What the generator writes to protocol/gen/chat_client.ts for a chat protocol:
 * declare class ChatClient extends WiretypeClient<{ message: { user: string; text: string } }> {
 *   constructor(options: ClientOptions);
 *   join(data: { room: string }): void;
 *   history(data: { room: string; limit?: number }, options?: RequestOptions): Promise<{ messages: { text: string }[] }>;
 * }
 *
 * const chat = new ChatClient({ url: "ws://127.0.0.1:8000", token: async () => (await fetch("/api/token")).text() });
 * chat.onState((state) => console.log(state.kind));
 * chat.on("message", (message) => console.log(message.user, message.text));
 * chat.connect();
 * chat.join({ room: "general" }); // queued until open, re-sent after reconnects
 * const { messages } = await chat.history({ room: "general", limit: 20 });
 * ```
 */
export class WiretypeClient<Events extends EventMap> {
  /**
   * Type-only marker of the event map, so helpers such as `useEvent` can
   * infer it from a generated client; never set at run time. Its name is not
   * an identifier, so no protocol message can collide with it.
   */
  declare readonly "~events"?: Events;
  readonly #protocol: ClientProtocol;
  readonly #options: ResolvedClientOptions;
  readonly #listeners = new ClientListeners();
  readonly #outbox: Outbox;
  readonly #replay: ReplayMemory;
  readonly #requests: PendingRequests;
  readonly #connector: Connector;
  readonly #tokenAuth: TokenAuth;
  readonly #recovery: StreamRecovery;
  readonly #tolerance = new Tolerance();

  /**
   * Binds the runtime to a generated protocol; a bad option throws a
   * `TypeError` (or a `RangeError` for a number out of range) naming it.
   */
  constructor(protocol: ClientProtocol, options: ClientOptions) {
    this.#protocol = protocol;
    this.#options = resolveClientOptions(options, `${protocol.name}Client`);
    this.#outbox = new Outbox(this.#options.maxQueuedMessages);
    this.#replay = new ReplayMemory(protocol);
    this.#requests = new PendingRequests(this.#options.timers);
    this.#recovery = new StreamRecovery(
      this.#requests,
      this.#listeners,
      this.#options.rpcTimeoutMs,
      {
        trySend: (frame) => this.#connector.trySend(frame),
        reconnectSettled: (recovered) =>
          this.#connector.settleRecovery(recovered),
      },
    );
    const inbound = new Inbound(
      protocol,
      this.#options.validateIncoming,
      this.#requests,
      this.#listeners,
      this.#recovery,
      this.#tolerance,
    );
    this.#connector = new Connector(protocol, this.#options, {
      state: (state) => this.#listeners.emitState(state),
      problem: (error) => this.#listeners.report(error),
      socketOpen: (link, token) => {
        if (token !== undefined) this.#tokenAuth.authenticate(link, token);
      },
      welcomed: (send) => this.#resend(send),
      opened: () => this.#recovery.opened(),
      envelope: (envelope) => inbound.receive(envelope),
      attemptEnded: () => {
        this.#recovery.suspend();
        this.#requests.rejectAll(
          new ClientError(
            ClientErrorCode.Disconnected,
            "the connection closed before the answer arrived",
          ),
          false,
        );
      },
      stopped: (reason) => {
        this.#requests.rejectAll(
          new ClientError(
            ClientErrorCode.Closed,
            `the client is closed: ${reason}`,
          ),
          true,
        );
        this.#outbox.drain();
        this.#replay.clear();
        this.#recovery.clear();
      },
    });
    this.#tokenAuth = new TokenAuth(
      this.#options,
      this.#connector,
      this.#requests,
      this.#listeners,
    );
  }

  /** The connection state now; a new object on every change. */
  get state(): ConnectionState {
    return this.#connector.state;
  }

  /** Starts connecting (and reconnecting when needed); no-op unless idle or closed. */
  connect(): void {
    this.#connector.start();
  }

  /**
   * Closes for good (until `connect()`): no reconnect, pending and queued
   * RPCs reject with `closed`, queued messages, remembered rooms and stream
   * positions are dropped (the next `connect()` starts a new session).
   * Resolves once every socket of this client has closed, or
   * after 5 s if a frozen server never answers the close handshake.
   * A code other than 1000 or 3000-4999, or a reason over 123 bytes of
   * UTF-8, throws a `RangeError` and changes nothing.
   */
  close(
    code: number = CloseCode.Normal,
    reason = "closed by the client",
  ): Promise<void> {
    // A RangeError, as the server's connection.close() throws for a bad code.
    if (code !== CloseCode.Normal && !(code >= 3000 && code <= 4999)) {
      throw new RangeError(
        `close: code must be 1000 or in 3000-4999 (what browsers allow), got ${code}`,
      );
    }
    if (new TextEncoder().encode(reason).length > MAX_CLOSE_REASON_BYTES) {
      throw new RangeError(
        `close: reason must be at most ${MAX_CLOSE_REASON_BYTES} bytes of UTF-8`,
      );
    }
    return this.#connector.close(code, reason);
  }

  /** Listens to a server event with validated data; returns the unsubscribe function. */
  on<E extends keyof Events & string>(
    event: E,
    listener: (data: Events[E]) => void,
  ): () => void {
    return this.#listeners.onEvent(
      event,
      listener as (data: unknown) => void,
    );
  }

  /** Listens to connection state changes; returns the unsubscribe function. */
  onState(listener: (state: ConnectionState) => void): () => void {
    return this.#listeners.onState(listener);
  }

  /**
   * Listens to problems that do not stop the client; returns the
   * unsubscribe function. While no listener is registered, each problem is
   * printed with `console.error` instead, like an unheard EventEmitter
   * `error` event.
   */
  onError(listener: (error: ClientError) => void): () => void {
    return this.#listeners.onError(listener);
  }

  /**
   * Listens to what the client handled by itself but a developer may want
   * to know, each reported once: an event type or a field of an event or
   * answer that this client's protocol does not define, sent by a server of
   * a newer compatible revision, and ignored. Without a listener they go to
   * `console.info`. Returns the unsubscribe function.
   *
   * @example Usage
   * ```ts
   * import type { EventMap, WiretypeClient } from "@wiretype/wiretype/client";
   *
   * declare const chat: WiretypeClient<EventMap>; // a generated client, e.g. new ChatClient(options)
   * chat.onDiagnostic((diagnostic) => console.info(diagnostic.message));
   * ```
   */
  onDiagnostic(listener: (diagnostic: ClientDiagnostic) => void): () => void {
    return this.#tolerance.onDiagnostic(listener);
  }

  /** How many unknown events and fields this client has ignored (see {@link onDiagnostic}). */
  get ignored(): IgnoredCounts {
    return this.#tolerance.counts;
  }

  /**
   * Listens to what the client learns about the streams it follows (rooms,
   * its user, on a route with history): after each reconnect, whether the
   * server replayed everything missed meanwhile; and during a connection,
   * a gap the server filled or not, or a stream whose history was lost.
   * Refetch what you show of a stream that was not recovered. Returns the
   * unsubscribe function.
   *
   * @example Usage
   * ```ts
   * import type { EventMap, WiretypeClient } from "@wiretype/wiretype/client";
   *
   * declare const chat: WiretypeClient<EventMap>; // a generated client, e.g. new ChatClient(options)
   * chat.onRecovery(({ recovered, streams }) => {
   *   if (recovered) return;
   *   for (const [stream, outcome] of Object.entries(streams)) {
   *     if (!outcome.recovered) console.warn(`${stream} lost messages; reloading it`);
   *   }
   * });
   * ```
   */
  onRecovery(listener: (result: RecoveryResult) => void): () => void {
    return this.#listeners.onRecovery(listener);
  }

  /** Counters of the stream positions: streams followed, duplicates dropped, gaps seen. */
  get streamStats(): StreamStats {
    return this.#recovery.stats;
  }

  /** Starts the pending reconnect attempt now instead of after its delay (e.g. when the page comes online). */
  retryNow(): void {
    this.#connector.retryNow();
  }

  /**
   * Sends a client message, or queues it until the connection is open.
   * Throws a ProtocolError (`invalid_data`, with the path) when `data` does
   * not match the protocol, and a ClientError `queue_full` or `closed`.
   */
  protected sendMessage(type: string, data: unknown): void {
    this.#throwIfInvalid(type, data);
    this.#throwIfClosed(type);
    const frame = encodeEnvelope(type, data);
    if (this.#connector.trySend(frame)) this.#replay.noteSent(type, data);
    else this.#outbox.push({ type, data, frame });
  }

  /**
   * Sends an RPC (queued while disconnected); resolves with its validated
   * answer. Rejects at once, sending nothing, with a ProtocolError
   * (`invalid_data`, with the path) when `data` does not match the protocol,
   * and with a TypeError or RangeError when `options` holds an unknown key or
   * a bad value.
   */
  protected callRpc(
    type: string,
    data: unknown,
    options?: RequestOptions,
  ): Promise<unknown> {
    try {
      checkRequestOptions(`${this.#protocol.name}Client.${type}`, options);
      this.#throwIfInvalid(type, data);
      this.#throwIfClosed(type);
    } catch (error) {
      return Promise.reject(error);
    }
    const validator = this.#options.validateIncoming &&
        Object.hasOwn(this.#protocol.results, type)
      ? this.#protocol.results[type]
      : undefined;
    return this.#requests.send({ type, data }, validator, {
      timeoutMs: options?.timeoutMs ?? this.#options.rpcTimeoutMs,
      signal: options?.signal,
      onGiveUp: (id) => this.#outbox.remove(id),
    }, (frame, id) => {
      if (this.#connector.trySend(frame)) return true;
      this.#outbox.push({ type, data, frame, requestId: id });
      return false;
    });
  }

  /**
   * After a welcome: the remembered `@replay` messages (they rejoin the
   * rooms), `recover` with the stream positions (handled after them), then
   * the queue in order. Returns what the open state says about recovery.
   */
  #resend(send: (frame: string) => void): boolean | undefined {
    for (const { type, data } of this.#replay.entries()) {
      send(encodeEnvelope(type, data));
    }
    const recovered = this.#recovery.welcomed(send);
    for (const queued of this.#outbox.drain()) {
      if (queued.requestId !== undefined) {
        this.#requests.markSent(queued.requestId);
      }
      send(queued.frame);
      this.#replay.noteSent(queued.type, queued.data);
    }
    return recovered;
  }

  /** Refuses what the server would refuse, with the error and path it would answer. */
  #throwIfInvalid(type: string, data: unknown): void {
    const outgoing = this.#protocol.outgoing;
    if (outgoing === undefined || !Object.hasOwn(outgoing, type)) return;
    const issue = outgoing[type](data);
    if (issue === undefined) return;
    const { path, message } = rootIssue(issue);
    throw new ProtocolError(ErrorCode.InvalidData, message, path);
  }

  #throwIfClosed(type: string): void {
    const state = this.#connector.state;
    if (state.kind !== "closed") return;
    throw new ClientError(
      ClientErrorCode.Closed,
      `"${type}" was not sent: the client is closed (${state.reason}); ${
        closedAdvice(state.code)
      }`,
    );
  }
}

/** What to do about a closed client: reconnecting does not help after a refusal. */
function closedAdvice(code: number): string {
  if (code === CloseCode.VersionMismatch) {
    return "regenerate the client from the server's protocol (deno run -A jsr:@wiretype/wiretype/codegen <dir>, or the task you defined for it)";
  }
  return isTerminalCloseCode(code)
    ? "the server refused this client: fix that before calling connect() again"
    : "call connect() first";
}
