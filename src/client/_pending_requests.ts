import type { RequestId } from "../wire/envelope.ts";
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
  readonly onGiveUp: () => void;
}

/**
 * RPCs waiting for their answers, each with its timeout and abort signal.
 * Settling removes the request and its timer, so nothing outlives it.
 */
export class PendingRequests {
  readonly #timers: ClientTimers;
  readonly #entries = new Map<RequestId, Entry>();

  constructor(timers: ClientTimers) {
    this.#timers = timers;
  }

  /** Registers request `id`; the promise settles by answer, timeout, abort or rejection. */
  add(
    id: RequestId,
    request: Pick<PendingRequest, "type" | "validator" | "sent">,
    limits: RequestLimits,
  ): Promise<unknown> {
    if (limits.signal?.aborted) {
      return Promise.reject(abortedError(request.type, limits.signal));
    }
    return new Promise((resolve, reject) => {
      const giveUp = (error: ClientError) => {
        if (this.take(id) === undefined) return;
        limits.onGiveUp();
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
        ...request,
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
