/**
 * Waiting on a client's listeners (`on`, `onState`, `onRecovery`) instead of
 * polling or sleeping: each helper subscribes, resolves when the value it
 * waits for arrives, and rejects naming what it waited for after a timeout.
 *
 * @module
 */

/** A client's `subscribe(listener) -> unsubscribe` method, bound. */
export type Subscribe<T> = (listener: (value: T) => void) => () => void;

const WAIT_MS = 10_000;

/**
 * Resolves with the next value that matches. Subscribe before causing it.
 *
 * @example
 * ```ts
 * const open = nextValue((fn) => chat.onState(fn), "open", (state) => state.kind === "open");
 * chat.connect();
 * await open;
 * ```
 */
export function nextValue<T>(
  subscribe: Subscribe<T>,
  what: string,
  matches: (value: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`));
    }, WAIT_MS);
    const unsubscribe = subscribe((value) => {
      if (!matches(value)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    });
  });
}

/** Every value a listener got, see {@link recordValues}. */
export interface Recording<T> {
  readonly values: readonly T[];
  /** Resolves with the values once there are `count` of them. */
  reach(count: number, what: string): Promise<readonly T[]>;
}

/**
 * Records every value a listener gets from now on.
 *
 * @example
 * ```ts
 * const messages = recordValues((fn) => chat.on("message", fn));
 * await messages.reach(3, "three messages");
 * ```
 */
export function recordValues<T>(subscribe: Subscribe<T>): Recording<T> {
  const values: T[] = [];
  const waiters = new Set<() => void>();
  subscribe((value) => {
    values.push(value);
    for (const waiter of [...waiters]) waiter();
  });
  return {
    values,
    reach(count, what) {
      if (values.length >= count) return Promise.resolve(values);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(
              `timed out after ${WAIT_MS} ms waiting for ${what} (got ${values.length})`,
            ),
          );
        }, WAIT_MS);
        const waiter = () => {
          if (values.length < count) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(values);
        };
        waiters.add(waiter);
      });
    },
  };
}
