import { ReservedType } from "../wire/envelope.ts";
import { ProtocolError } from "../wire/protocol_error.ts";
import type { PublicationPosition } from "../wire/publication.ts";
import type { ClientListeners } from "./_listeners.ts";
import type { PendingRequests } from "./_pending_requests.ts";
import {
  parsePositionFrame,
  type RecoverAnswer,
  validateRecoverAnswer,
} from "./_server_frames.ts";
import { StreamPositions } from "./_stream_positions.ts";
import { ClientError, ClientErrorCode } from "./client_error.ts";
import type {
  RecoveryReason,
  StreamRecovery as StreamOutcome,
  StreamStats,
  UnrecoveredReason,
} from "./recovery_result.ts";
import { SERVER_UNRECOVERED_REASONS } from "../wire/unrecovered.ts";

/** What the recovery needs from the rest of the client. */
export interface RecoveryHooks {
  /** Sends on the welcomed socket; false when there is none. */
  trySend(frame: string): boolean;
  /** The reconnect's recovery is settled: the open state says so. */
  reconnectSettled(recovered: boolean): void;
}

/**
 * The client's side of "Streams and recovery" (docs/PROTOCOL.md): keeps
 * the position of every stream from `position` frames and publications,
 * lets through only publications that continue a stream, asks for what is
 * missing with `recover` (after a reconnect, or at a gap) and reports the
 * outcome as a `RecoveryResult`.
 */
export class StreamRecovery {
  readonly #positions = new StreamPositions();
  readonly #requests: PendingRequests;
  readonly #listeners: ClientListeners;
  readonly #timeoutMs: number;
  readonly #hooks: RecoveryHooks;
  /** Welcomed once in this session: the next welcome is a reconnect. */
  #welcomedBefore = false;
  /** A reconnect with no position to present, reported once the state is open. */
  #reportUnrecovered = false;

  constructor(
    requests: PendingRequests,
    listeners: ClientListeners,
    timeoutMs: number,
    hooks: RecoveryHooks,
  ) {
    this.#requests = requests;
    this.#listeners = listeners;
    this.#timeoutMs = timeoutMs;
    this.#hooks = hooks;
  }

  get stats(): StreamStats {
    return {
      streams: this.#positions.size,
      duplicatesDropped: this.#positions.duplicatesDropped,
      gapsDetected: this.#positions.gapsDetected,
    };
  }

  /**
   * A `position` frame: where a stream starts for this connection, or a
   * publication of it that the connection was left out of, which counts
   * like a publication with nothing to deliver.
   */
  position(data: unknown): void {
    const parsed = parsePositionFrame(data);
    if (parsed === undefined) {
      this.#listeners.report(
        new ClientError(
          ClientErrorCode.InvalidFrame,
          "the server sent a position frame without stream, offset and epoch",
        ),
      );
      return;
    }
    const { stream, position, skipped } = parsed;
    if (skipped && position.offset > 0) this.admit({ stream, ...position });
    else this.#positions.start(stream, position);
  }

  /** A publication of a stream: true when its listeners should see it. */
  admit(position: PublicationPosition): boolean {
    switch (this.#positions.judge(position)) {
      case "accept":
        return true;
      case "new_epoch":
        this.#emit("new_epoch", {
          [position.stream]: { recovered: false, why: "history_lost" },
        });
        return true;
      case "gap":
        this.#request("gap", position.stream);
        return false;
      default:
        return false;
    }
  }

  /** The connection dropped: positions wait for the reconnect's `recover`. */
  suspend(): void {
    this.#positions.holdAll();
  }

  /**
   * After a welcome, once the `@replay` messages went out: on a reconnect,
   * sends one `recover` with every position. Returns what the open state
   * says about recovery: undefined on the session's first connection and
   * while the answer is awaited, false when there was nothing to present.
   */
  welcomed(send: (frame: string) => void): boolean | undefined {
    const reconnect = this.#welcomedBefore;
    this.#welcomedBefore = true;
    if (!reconnect) return undefined;
    if (this.#positions.size === 0) {
      this.#reportUnrecovered = true;
      return false;
    }
    this.#request("reconnect", undefined, send);
    return undefined;
  }

  /** The state says open: reports a reconnect that had nothing to present. */
  opened(): void {
    if (!this.#reportUnrecovered) return;
    this.#reportUnrecovered = false;
    this.#emit("reconnect", {});
  }

  /** Forgets every position (a new session). */
  clear(): void {
    this.#positions.clear();
    this.#welcomedBefore = false;
    this.#reportUnrecovered = false;
  }

  #request(
    reason: RecoveryReason,
    only: string | undefined,
    send?: (frame: string) => void,
  ): void {
    const streams = this.#positions.request(only);
    const names = Object.keys(streams);
    let unsent = false;
    const answer = this.#requests.send(
      { type: ReservedType.Recover, data: { streams } },
      validateRecoverAnswer,
      { timeoutMs: this.#timeoutMs, signal: undefined, onGiveUp: () => {} },
      (frame) => {
        if (send !== undefined) send(frame);
        else if (!this.#hooks.trySend(frame)) {
          unsent = true;
          throw new ClientError(ClientErrorCode.Disconnected, "not sent");
        }
        return true;
      },
    );
    if (unsent) {
      // The socket is closing: nothing can be asked for on it, and the
      // reconnect would not know of the gap. Start the chain again.
      answer.catch(() => {});
      this.#giveUp(reason, names, "no_answer");
      return;
    }
    answer.then(
      (data) => this.#settle(reason, names, data as RecoverAnswer),
      (cause) => this.#failed(reason, names, cause),
    );
  }

  #settle(
    reason: RecoveryReason,
    names: readonly string[],
    answer: RecoverAnswer,
  ): void {
    const outcomes: Record<string, StreamOutcome> = {};
    for (const name of names) {
      // A stream left out, or answered with no position, is one the server
      // no longer sends to this connection (or could not read).
      const entry = Object.hasOwn(answer.streams, name)
        ? answer.streams[name]
        : undefined;
      const recovered = entry?.recovered === true;
      const { offset, epoch } = entry ?? {};
      this.#positions.answered(
        name,
        recovered,
        offset === undefined || epoch === undefined
          ? undefined
          : { offset, epoch },
      );
      outcomes[name] = recovered
        ? { recovered }
        : { recovered, why: serverReason(entry?.why) };
    }
    this.#emit(reason, outcomes);
  }

  #failed(reason: RecoveryReason, names: readonly string[], cause: unknown) {
    if (
      cause instanceof ClientError &&
      (cause.code === ClientErrorCode.Disconnected ||
        cause.code === ClientErrorCode.Closed)
    ) {
      // A reconnect asks again for every stream; a closed client forgot them.
      return;
    }
    const streams = names.join(", ");
    const timedOut = cause instanceof ClientError &&
      cause.code === ClientErrorCode.RpcTimeout;
    if (cause instanceof ProtocolError) {
      this.#listeners.report(
        new ClientError(
          ClientErrorCode.ServerError,
          `the server could not recover ${streams} (${cause.code}: ${cause.message}); they are reported as not recovered`,
          { cause },
        ),
      );
    } else if (timedOut) {
      this.#listeners.report(
        new ClientError(
          ClientErrorCode.RpcTimeout,
          `the server did not answer the recovery of ${streams} within ${this.#timeoutMs} ms (rpcTimeoutMs); they are reported as not recovered`,
          { cause },
        ),
      );
    } // An invalid answer was reported when it arrived.
    this.#giveUp(reason, names, timedOut ? "no_answer" : "refused");
  }

  /** Reports `names` as not recovered; their next publications start their chains. */
  #giveUp(
    reason: RecoveryReason,
    names: readonly string[],
    why: UnrecoveredReason,
  ): void {
    const outcomes: Record<string, StreamOutcome> = {};
    for (const name of names) {
      this.#positions.forget(name);
      outcomes[name] = { recovered: false, why };
    }
    this.#emit(reason, outcomes);
  }

  #emit(
    reason: RecoveryReason,
    streams: Record<string, StreamOutcome>,
  ): void {
    // No stream at all (a reconnect with no position to present) recovered nothing.
    const outcomes = Object.values(streams);
    const recovered = outcomes.length > 0 &&
      outcomes.every((outcome) => outcome.recovered);
    if (reason === "reconnect") this.#hooks.reconnectSettled(recovered);
    this.#listeners.emitRecovery({ reason, recovered, streams });
  }
}

/** The server's reason for a stream it did not recover, if it gave a known one. */
function serverReason(why: unknown): UnrecoveredReason {
  // Typed so that a reason the server gains must be one the client names.
  const known: readonly UnrecoveredReason[] = SERVER_UNRECOVERED_REASONS;
  return known.includes(why as UnrecoveredReason)
    ? why as UnrecoveredReason
    : "unknown";
}
