import { ClientError, ClientErrorCode } from "./client_error.ts";
import type { ConnectionState } from "./connection_state.ts";
import type { RecoveryResult } from "./recovery_result.ts";

/**
 * The application's listeners of one client: events by name, state changes,
 * recovery results and errors. A listener that throws is reported as `listener_failed`
 * instead of breaking the client or the other listeners.
 */
export class ClientListeners {
  readonly #events = new Map<string, Set<(data: unknown) => void>>();
  readonly #states = new Set<(state: ConnectionState) => void>();
  readonly #errors = new Set<(error: ClientError) => void>();
  readonly #recoveries = new Set<(result: RecoveryResult) => void>();

  /** Adds an event listener; returns its removal. */
  onEvent(event: string, listener: (data: unknown) => void): () => void {
    let listeners = this.#events.get(event);
    if (listeners === undefined) {
      listeners = new Set();
      this.#events.set(event, listeners);
    }
    const set = listeners;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** Adds a state listener; returns its removal. */
  onState(listener: (state: ConnectionState) => void): () => void {
    this.#states.add(listener);
    return () => {
      this.#states.delete(listener);
    };
  }

  /** Adds a recovery listener; returns its removal. */
  onRecovery(listener: (result: RecoveryResult) => void): () => void {
    this.#recoveries.add(listener);
    return () => {
      this.#recoveries.delete(listener);
    };
  }

  /** Adds an error listener; returns its removal. */
  onError(listener: (error: ClientError) => void): () => void {
    this.#errors.add(listener);
    return () => {
      this.#errors.delete(listener);
    };
  }

  /** Calls the listeners of `event` with its validated data. */
  emitEvent(event: string, data: unknown): void {
    for (const listener of [...this.#events.get(event) ?? []]) {
      this.#call(listener, data);
    }
  }

  /** Calls the state listeners. */
  emitState(state: ConnectionState): void {
    for (const listener of [...this.#states]) this.#call(listener, state);
  }

  /** Calls the recovery listeners. */
  emitRecovery(result: RecoveryResult): void {
    for (const listener of [...this.#recoveries]) this.#call(listener, result);
  }

  /** Calls the error listeners, or logs the error when nobody listens. */
  report(error: ClientError): void {
    if (this.#errors.size === 0) {
      // Like an EventEmitter's "error" event: unheard problems must not vanish.
      console.error(error);
      return;
    }
    for (const listener of [...this.#errors]) {
      try {
        listener(error);
      } catch (cause) {
        console.error("wiretype: an onError listener threw", cause);
      }
    }
  }

  #call<T>(listener: (value: T) => void, value: T): void {
    try {
      listener(value);
    } catch (cause) {
      this.report(
        new ClientError(ClientErrorCode.ListenerFailed, "a listener threw", {
          cause,
        }),
      );
    }
  }
}
