import type { HandlerConcurrency } from "./route.ts";

/**
 * One message's work: runs its handler and returns a promise that settles
 * once the handler finished and its answer was sent, or `undefined` when
 * it finished synchronously. It never throws or rejects.
 */
export type MessageTask = () => Promise<unknown> | undefined;

/**
 * The handlers of one connection's messages: at most `concurrency` run at
 * once, the rest wait in arrival order, and no more than `maxMessages` are
 * accepted (running or waiting), so a slow handler cannot make a client's
 * messages pile up without bound. With a concurrency of 1 each message
 * starts when the previous handler's promise has settled.
 */
export class MessageQueue {
  readonly #concurrency: number;
  readonly #maxMessages: number;
  #running = 0;
  #waiting: MessageTask[] = [];

  /** A queue running `concurrency` handlers at once, holding `maxMessages` in all. */
  constructor(concurrency: number, maxMessages: number) {
    this.#concurrency = concurrency;
    this.#maxMessages = maxMessages;
  }

  /** Messages accepted whose handlers have not finished: running plus waiting. */
  get size(): number {
    return this.#running + this.#waiting.length;
  }

  /**
   * Runs `task` now if a slot is free and nothing waits, otherwise after the
   * tasks before it. False, and nothing queued, when the queue is full.
   */
  offer(task: MessageTask): boolean {
    if (this.size >= this.#maxMessages) return false;
    // The common case, a free slot and no line, skips the array.
    if (this.#waiting.length === 0 && this.#running < this.#concurrency) {
      this.#start(task);
    } else {
      this.#waiting.push(task);
    }
    return true;
  }

  #start(task: MessageTask): void {
    const running = task();
    if (running === undefined) return;
    this.#running++;
    running.then(this.#finished, this.#finished);
  }

  readonly #finished = (): void => {
    this.#running--;
    while (this.#running < this.#concurrency && this.#waiting.length > 0) {
      this.#start(this.#waiting.shift()!);
    }
  };
}

/**
 * How many handlers of one connection may run at once, for a route's
 * `concurrency` option (already checked by the server's options).
 */
export function concurrencyLimit(
  concurrency: HandlerConcurrency | undefined,
): number {
  if (concurrency === undefined || concurrency === "ordered") return 1;
  if (concurrency === "parallel") return Infinity;
  return concurrency;
}
