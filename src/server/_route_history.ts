import type { Fanout } from "../fanout/fanout.ts";
import type {
  HistoryOptions,
  HistoryRead,
  HistoryStore,
  StreamPosition,
} from "../fanout/history_store.ts";
import { InProcessFanout } from "../fanout/in_process.ts";
import { MemoryHistoryStore } from "../fanout/history_store_memory.ts";
import { checkMethods, optionTypeError } from "../_option_checks.ts";
import type { Logger } from "./logger.ts";
import type { RouteHistoryOptions } from "./route_history_options.ts";

/**
 * The history of one route: which events it records, and its streams in
 * the shared store under the route's path (`/chat room:general`).
 */
export class RouteHistory {
  readonly #path: string;
  readonly #store: HistoryStore;
  readonly #options: HistoryOptions;
  readonly #events: ReadonlySet<string> | undefined;
  readonly #logger: Logger;

  constructor(
    path: string,
    store: HistoryStore,
    options: RouteHistoryOptions,
    logger: Logger,
  ) {
    this.#path = path;
    this.#store = store;
    this.#options = { size: options.size, ttlMs: options.ttlMs };
    this.#events = options.events && new Set(options.events);
    this.#logger = logger;
  }

  /** True if publications of `event` are recorded. */
  records(event: string): boolean {
    return this.#events?.has(event) ?? true;
  }

  /**
   * Records a publication, then hands `send` its position, or undefined
   * when the store failed (logged): the publication then goes out without a
   * position, live only, rather than not at all. Runs after the store
   * answered; whatever `send` throws is logged, never left unhandled.
   */
  publish(
    stream: string,
    envelope: string,
    send: (position: StreamPosition | undefined) => void,
  ): void {
    // One `then` per publication: with the in-memory store, the promises of
    // an async wrapper and a separate `catch` were a visible share of a
    // broadcast's CPU. Every publication takes the same number of turns, so
    // those of one stream still go out in the order they were recorded.
    let appended: Promise<StreamPosition>;
    try {
      appended = this.#store.append(this.#key(stream), envelope, this.#options);
    } catch (error) {
      appended = Promise.reject(error);
    }
    appended.then(
      (position) => this.#send(stream, send, position),
      (error) => {
        this.#logger.log({
          kind: "server_error",
          message:
            `history of ${this.#path} could not record a publication of ${stream}; it was sent live only`,
          error,
        });
        this.#send(stream, send, undefined);
      },
    );
  }

  #send(
    stream: string,
    send: (position: StreamPosition | undefined) => void,
    position: StreamPosition | undefined,
  ): void {
    try {
      send(position);
    } catch (error) {
      this.#logger.log({
        kind: "server_error",
        message:
          `a publication of ${stream} on ${this.#path} could not be sent`,
        error,
      });
    }
  }

  /** The stream's latest position. */
  latest(stream: string): Promise<StreamPosition> {
    return this.#store.latest(this.#key(stream), this.#options);
  }

  /** What was published to the stream after `since`. */
  readSince(stream: string, since: StreamPosition): Promise<HistoryRead> {
    return this.#store.readSince(this.#key(stream), since, this.#options);
  }

  #key(stream: string): string {
    return `${this.#path} ${stream}`;
  }
}

const OWNER = "createServer";

/**
 * The store the routes with history share: the one given, or a
 * `MemoryHistoryStore` when the server runs in one process. Refused with a
 * fan-out that spans nodes and no store: each node would count its own
 * offsets.
 */
export function resolveHistoryStore(
  given: HistoryStore | undefined,
  fanout: Fanout,
  routesWithHistory: readonly string[],
): HistoryStore | undefined {
  if (given !== undefined) {
    return checkMethods(
      OWNER,
      "history",
      given,
      ["append", "latest", "readSince", "close"],
      "a HistoryStore such as new RedisHistoryStore({ url })",
    );
  }
  if (routesWithHistory.length === 0) return undefined;
  if (!(fanout instanceof InProcessFanout)) {
    throw optionTypeError(
      OWNER,
      `${
        routesWithHistory.join(", ")
      } keep history, but the fan-out spans several nodes and no history store shared by them was given: pass createServer({ history: new RedisHistoryStore({ url }) })`,
    );
  }
  return new MemoryHistoryStore();
}
