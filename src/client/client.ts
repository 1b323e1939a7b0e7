import { CloseCode } from "../wire/close_codes.ts";
import {
  encodeEnvelope,
  type Envelope,
  type RequestId,
  ReservedType,
} from "../wire/envelope.ts";
import {
  rootIssue,
  type ValidationIssue,
  type Validator,
} from "../wire/validation.ts";
import { Connector, type Link } from "./_connector.ts";
import { ClientListeners } from "./_listeners.ts";
import { Outbox } from "./_outbox.ts";
import { PendingRequests } from "./_pending_requests.ts";
import { ReplayMemory } from "./_replay_memory.ts";
import {
  authExpiresAtMs,
  refreshDelayMs,
  toProtocolError,
  validateAuthAnswer,
} from "./_server_frames.ts";
import { ClientError, ClientErrorCode } from "./client_error.ts";
import {
  type ClientOptions,
  type RequestOptions,
  resolveClientOptions,
  type ResolvedClientOptions,
} from "./client_options.ts";
import type { ClientProtocol, EventMap } from "./client_protocol.ts";
import type { ConnectionState } from "./connection_state.ts";

/**
 * The client runtime that generated clients (`ChatClient`) extend: it
 * connects, authenticates, validates what arrives, answers heartbeats,
 * detects a silent server, reconnects with backoff, queues what is sent
 * while disconnected and re-sends `@replay` messages (rooms) after a
 * reconnect. It runs unchanged in browsers, Deno and Node.
 *
 * Nothing the server sends is thrown into application code: invalid frames
 * and events are reported through {@link WiretypeClient.onError}.
 *
 * @example
 * ```ts
 * const chat = new ChatClient({ url: "ws://127.0.0.1:8000", token: getToken });
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
  #nextRequestId = 1;

  /** Binds the runtime to a generated protocol; throws `invalid_option` on bad options. */
  constructor(protocol: ClientProtocol, options: ClientOptions) {
    this.#protocol = protocol;
    this.#options = resolveClientOptions(options);
    this.#outbox = new Outbox(this.#options.maxQueuedMessages);
    this.#replay = new ReplayMemory(protocol);
    this.#requests = new PendingRequests(this.#options.timers);
    this.#connector = new Connector(protocol, this.#options, {
      state: (state) => this.#listeners.emitState(state),
      problem: (error) => this.#listeners.report(error),
      socketOpen: (link, token) => {
        if (token !== undefined) this.#authenticate(link, token);
      },
      welcomed: (send) => this.#resend(send),
      envelope: (envelope) => this.#receive(envelope),
      attemptEnded: () =>
        this.#requests.rejectAll(
          new ClientError(
            ClientErrorCode.Disconnected,
            "the connection closed before the answer arrived",
          ),
          false,
        ),
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
      },
    });
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
   * RPCs reject with `closed`, queued messages and remembered rooms are
   * dropped. Resolves once every socket of this client has closed.
   */
  close(
    code: number = CloseCode.Normal,
    reason = "closed by the client",
  ): Promise<void> {
    if (code !== CloseCode.Normal && !(code >= 3000 && code <= 4999)) {
      throw new ClientError(
        ClientErrorCode.InvalidOption,
        `close code must be 1000 or in 3000-4999 (what browsers allow), got ${code}`,
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

  /** Listens to problems that do not stop the client; returns the unsubscribe function. */
  onError(listener: (error: ClientError) => void): () => void {
    return this.#listeners.onError(listener);
  }

  /** Starts the pending reconnect attempt now instead of after its delay (e.g. when the page comes online). */
  retryNow(): void {
    this.#connector.retryNow();
  }

  /** Sends a client message, or queues it until the connection is open. Throws `queue_full` or `closed`. */
  protected sendMessage(type: string, data: unknown): void {
    this.#throwIfClosed(type);
    const frame = encodeEnvelope(type, data);
    if (this.#connector.trySend(frame)) this.#replay.noteSent(type, data);
    else this.#outbox.push({ type, data, frame });
  }

  /** Sends an RPC (queued while disconnected); resolves with its validated answer. */
  protected callRpc(
    type: string,
    data: unknown,
    options?: RequestOptions,
  ): Promise<unknown> {
    try {
      this.#throwIfClosed(type);
    } catch (error) {
      return Promise.reject(error);
    }
    const id = this.#nextRequestId++;
    const validator = this.#options.validateIncoming &&
        Object.hasOwn(this.#protocol.results, type)
      ? this.#protocol.results[type]
      : undefined;
    return this.#request(id, type, validator, data, {
      timeoutMs: options?.timeoutMs ?? this.#options.rpcTimeoutMs,
      signal: options?.signal,
      onGiveUp: () => this.#outbox.remove(id),
    }, (frame) => {
      if (this.#connector.trySend(frame)) return true;
      this.#outbox.push({ type, data, frame, requestId: id });
      return false;
    });
  }

  /** Registers request `id`, then sends (or queues) it with `send`. */
  #request(
    id: RequestId,
    type: string,
    validator: Validator | undefined,
    data: unknown,
    limits: Parameters<PendingRequests["add"]>[2],
    send: (frame: string) => boolean,
  ): Promise<unknown> {
    const frame = encodeEnvelope(type, data, id);
    let sent: boolean;
    try {
      sent = send(frame);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#requests.add(id, { type, validator, sent }, limits);
  }

  /** After a welcome: the remembered `@replay` messages, then the queue in order. */
  #resend(send: (frame: string) => void): void {
    for (const { type, data } of this.#replay.entries()) {
      send(encodeEnvelope(type, data));
    }
    for (const queued of this.#outbox.drain()) {
      if (queued.requestId !== undefined) {
        this.#requests.markSent(queued.requestId);
      }
      send(queued.frame);
      this.#replay.noteSent(queued.type, queued.data);
    }
  }

  #receive(envelope: Envelope): void {
    const { type, id, data } = envelope;
    if (type === ReservedType.Error) {
      const error = toProtocolError(data);
      const pending = id === undefined ? undefined : this.#requests.take(id);
      if (pending !== undefined) pending.reject(error);
      else {
        this.#listeners.report(
          new ClientError(
            ClientErrorCode.ServerError,
            `the server reported ${error.code}: ${error.message}`,
            { cause: error },
          ),
        );
      }
    } else if (id !== undefined) this.#answer(id, type, data);
    else this.#event(type, data);
  }

  #answer(id: RequestId, type: string, data: unknown): void {
    const pending = this.#requests.take(id);
    // An answer that arrives after its RPC timed out or was aborted is dropped.
    if (pending === undefined) return;
    const issue = pending.type === type ? validate(pending.validator, data) : {
      path: "$",
      message: `expected an answer of type "${pending.type}", got "${type}"`,
    };
    if (issue === undefined) {
      pending.resolve(data);
      return;
    }
    const error = new ClientError(
      ClientErrorCode.InvalidResult,
      `the answer to "${pending.type}" is invalid at ${issue.path}: ${issue.message}`,
      { issue },
    );
    this.#listeners.report(error);
    pending.reject(error);
  }

  #event(type: string, data: unknown): void {
    if (!Object.hasOwn(this.#protocol.events, type)) {
      this.#listeners.report(
        new ClientError(
          ClientErrorCode.UnknownEvent,
          `the server sent an event "${type}" that the protocol does not define; regenerate the client (deno task gen)`,
        ),
      );
      return;
    }
    const issue = this.#options.validateIncoming
      ? validate(this.#protocol.events[type], data)
      : undefined;
    if (issue === undefined) this.#listeners.emitEvent(type, data);
    else {
      this.#listeners.report(
        new ClientError(
          ClientErrorCode.InvalidEvent,
          `the "${type}" event is invalid at ${issue.path}: ${issue.message}`,
          { issue },
        ),
      );
    }
  }

  /** Sends `{type: "auth", id, data: {token}}` on `link`, then keeps the token fresh. */
  #authenticate(link: Link, token: string): void {
    if (!this.#connector.isCurrent(link)) return;
    const answer = this.#request(
      this.#nextRequestId++,
      ReservedType.Auth,
      validateAuthAnswer,
      { token },
      {
        timeoutMs: this.#options.openTimeoutMs,
        signal: undefined,
        onGiveUp: () => {},
      },
      // Counted as sent even if the socket just closed, so its end rejects it.
      (frame) => {
        this.#connector.sendOn(link, frame);
        return true;
      },
    );
    answer.then((data) => {
      const delayMs = refreshDelayMs(authExpiresAtMs(data), Date.now());
      const refresh = this.#options.token;
      if (delayMs === undefined || refresh === undefined) return;
      if (!this.#connector.isCurrent(link)) return;
      link.ownedTimers.push(this.#options.timers.setTimeout(() => {
        refresh().then(
          (fresh) => this.#authenticate(link, fresh),
          (cause) =>
            this.#listeners.report(
              new ClientError(
                ClientErrorCode.TokenFailed,
                "the token function failed during a refresh",
                { cause },
              ),
            ),
        );
      }, delayMs));
    }, (cause) => {
      // A dropped connection is reported by the reconnect, not as a refusal.
      if (
        cause instanceof ClientError &&
        cause.code !== ClientErrorCode.RpcTimeout
      ) return;
      this.#listeners.report(
        new ClientError(
          ClientErrorCode.AuthRejected,
          "the server refused the token",
          { cause },
        ),
      );
    });
  }

  #throwIfClosed(type: string): void {
    const state = this.#connector.state;
    if (state.kind !== "closed") return;
    throw new ClientError(
      ClientErrorCode.Closed,
      `"${type}" was not sent: the client is closed (${state.reason}); call connect() first`,
    );
  }
}

function validate(
  validator: Validator | undefined,
  data: unknown,
): ValidationIssue | undefined {
  const issue = validator?.(data);
  return issue === undefined ? undefined : rootIssue(issue);
}
