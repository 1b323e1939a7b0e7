import { encodeEnvelope, type RequestId } from "../wire/envelope.ts";
import type { Validator } from "../wire/validation.ts";
import { ClientError, ClientErrorCode } from "./client_error.ts";
import type { ClientTimers } from "./client_options.ts";

/** What the client knows about one RPC until it settles. */
export interface PendingRequest {
  /** The RPC's name; its answer must carry the same type. */
  readonly type: string;
  /** Checks the answer's data; undefined when validation is off. */
  readonly validator: Validator | undefined;
  /** False while the request waits in the outbox. */
  sent: boolean;
  readonly resolve: (data: unknown) => void;
  readonly reject: (error: unknown) => void;
}

interface Entry extends PendingRequest {
  readonly timer: unknown;
  readonly stopListening: () => void;
}

/** How a new request settles besides an answer. */
export interface RequestLimits {
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  /** Runs when the request gives up (timeout, abort) so its queued frame can go. */
  readonly onGiveUp: (id: RequestId) => void;
}

/**
 * RPCs waiting for their answers, each with its timeout and abort signal.
 * Settling removes the request and its timer, so nothing outlives it.
 */
export class PendingRequests {
  readonly #timers: ClientTimers;
  readonly #entries = new Map<RequestId, Entry>();
  #nextId = 1;

  constructor(timers: ClientTimers) {
    this.#timers = timers;
  }

  /**
   * Starts a request: numbers it, hands its frame to `transmit` (which sends
   * it and returns true, or queues it and returns false, or throws
   * `queue_full`), and settles by answer, timeout, abort or rejection.
   */
  send(
    request: { readonly type: string; readonly data: unknown },
    validator: Validator | undefined,
    limits: RequestLimits,
    transmit: (frame: string, id: RequestId) => boolean,
  ): Promise<unknown> {
    if (limits.signal?.aborted) {
      return Promise.reject(abortedError(request.type, limits.signal));
    }
    const id = this.#nextId++;
    let sent: boolean;
    try {
      sent = transmit(encodeEnvelope(request.type, request.data, id), id);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      const giveUp = (error: ClientError) => {
        if (this.take(id) === undefined) return;
        limits.onGiveUp(id);
        reject(error);
      };
      const timer = this.#timers.setTimeout(
        () =>
          giveUp(
            new ClientError(
              ClientErrorCode.RpcTimeout,
              `"${request.type}" got no answer within ${limits.timeoutMs} ms`,
            ),
          ),
        limits.timeoutMs,
      );
      const onAbort = () =>
        giveUp(abortedError(request.type, limits.signal as AbortSignal));
      limits.signal?.addEventListener("abort", onAbort, { once: true });
      this.#entries.set(id, {
        type: request.type,
        validator,
        sent,
        resolve,
        reject,
        timer,
        stopListening: () =>
          limits.signal?.removeEventListener("abort", onAbort),
      });
    });
  }

  /** Removes request `id` (clearing its timer) and returns it, if it is still pending. */
  take(id: RequestId): PendingRequest | undefined {
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    this.#entries.delete(id);
    this.#timers.clearTimeout(entry.timer);
    entry.stopListening();
    return entry;
  }

  /** Marks a queued request as sent. */
  markSent(id: RequestId): void {
    const entry = this.#entries.get(id);
    if (entry !== undefined) entry.sent = true;
  }

  /** Rejects the requests that were sent (all of them with `includeQueued`). */
  rejectAll(error: ClientError, includeQueued: boolean): void {
    for (const [id, entry] of [...this.#entries]) {
      if (entry.sent || includeQueued) {
        this.take(id);
        entry.reject(error);
      }
    }
  }
}

function abortedError(type: string, signal: AbortSignal): ClientError {
  return new ClientError(ClientErrorCode.Aborted, `"${type}" was aborted`, {
    cause: signal.reason,
  });
}
