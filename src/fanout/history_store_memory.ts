import type {
  HistoryOptions,
  HistoryPublication,
  HistoryRead,
  HistoryStore,
  StreamPosition,
} from "./history_store.ts";
import {
  checkKnownKeys,
  checkObject,
  checkOptionalFunction,
  optionKeys,
} from "../_option_checks.ts";

const SWEEP_SPACING_MS = 1_000;

/**
 * One stream's retained publications, in a ring of `size` slots:
 * `payloads[(offset - 1) % size]` holds the publication at `offset` for the
 * last `retained` offsets. An append writes one slot instead of shifting
 * `size` entries out of an array, which cost more CPU than the rest of the
 * append once a stream was full; the ring grows by one slot per append until
 * it has `size`, so a stream with few publications stays small.
 */
interface Stream {
  readonly epoch: string;
  offset: number;
  expiresAtMs: number;
  size: number;
  /** How many publications, ending at `offset`, are kept. */
  retained: number;
  payloads: string[];
}

/**
 * Settings of a {@link MemoryHistoryStore}.
 *
 * @example Usage
 * ```ts
 * import { MemoryHistoryStore } from "@wiretype/wiretype/fanout";
 * const store = new MemoryHistoryStore({ clock: () => Date.now() });
 * ```
 */
export interface MemoryHistoryStoreOptions {
  /** The clock, in ms since the epoch; tests pass a fake one. Default `Date.now`. */
  readonly clock?: () => number;
}

const OPTION_KEYS = optionKeys<MemoryHistoryStoreOptions>({ clock: true });

/**
 * History in this process's memory: the default when a route turns history
 * on and the server runs in one process. Every stream's epoch is new in
 * each process, so positions from before a restart are reported as not
 * recovered, never trusted. It cannot serve several nodes (each would count
 * its own offsets): `createServer` refuses it with a fan-out that spans
 * nodes; use `RedisHistoryStore` there.
 *
 * Memory: each stream keeps at most `size` envelopes; a stream with no
 * publication for `ttlMs` is dropped when it is next touched or swept.
 *
 * @example Usage
 * ```ts
 * import { MemoryHistoryStore } from "@wiretype/wiretype/fanout";
 * const store = new MemoryHistoryStore();
 * const options = { size: 2, ttlMs: 60_000 };
 * for (const text of ["a", "b", "c"]) await store.append("s", text, options);
 * (await store.readSince("s", { offset: 1, epoch: (await store.latest("s", options)).epoch }, options)).recovered; // true: 2 and 3 kept
 * ```
 */
export class MemoryHistoryStore implements HistoryStore {
  readonly #streams = new Map<string, Stream>();
  readonly #clock: () => number;
  #nextSweepMs = 0;

  /** An empty store. */
  constructor(options: MemoryHistoryStoreOptions = {}) {
    checkObject("MemoryHistoryStore", "options", options);
    checkKnownKeys("MemoryHistoryStore", "", options, OPTION_KEYS);
    this.#clock = checkOptionalFunction(
      "MemoryHistoryStore",
      "clock",
      options.clock,
    ) ?? Date.now;
  }

  /** Appends `payload` with the next offset; drops the oldest beyond `size`. */
  append(
    stream: string,
    payload: string,
    options: HistoryOptions,
  ): Promise<StreamPosition> {
    const nowMs = this.#clock();
    const entry = this.#stream(stream, options, nowMs);
    if (entry.size !== options.size) resize(entry, options.size);
    entry.offset++;
    const slot = (entry.offset - 1) % entry.size;
    if (slot === entry.payloads.length) entry.payloads.push(payload);
    else entry.payloads[slot] = payload;
    if (entry.retained < entry.size) entry.retained++;
    entry.expiresAtMs = nowMs + options.ttlMs;
    return Promise.resolve({ offset: entry.offset, epoch: entry.epoch });
  }

  /** The stream's latest position (a new stream starts at offset 0). */
  latest(stream: string, options: HistoryOptions): Promise<StreamPosition> {
    const { offset, epoch } = this.#stream(stream, options, this.#clock());
    return Promise.resolve({ offset, epoch });
  }

  /** Every retained publication after `since`, or not recovered. */
  readSince(
    stream: string,
    since: StreamPosition,
    options: HistoryOptions,
  ): Promise<HistoryRead> {
    const entry = this.#stream(stream, options, this.#clock());
    const latest = { offset: entry.offset, epoch: entry.epoch };
    const first = entry.offset - entry.retained + 1;
    const complete = since.epoch === entry.epoch &&
      since.offset <= entry.offset && since.offset + 1 >= first;
    if (!complete) {
      return Promise.resolve({ recovered: false, publications: [], latest });
    }
    const publications: HistoryPublication[] = [];
    for (let offset = since.offset + 1; offset <= entry.offset; offset++) {
      publications.push({
        offset,
        payload: entry.payloads[(offset - 1) % entry.size],
      });
    }
    return Promise.resolve({ recovered: true, publications, latest });
  }

  /** Forgets every stream. */
  close(): Promise<void> {
    this.#streams.clear();
    return Promise.resolve();
  }

  /** The stream, created with a new epoch when missing or expired. */
  #stream(name: string, options: HistoryOptions, nowMs: number): Stream {
    let stream = this.#streams.get(name);
    if (stream === undefined || stream.expiresAtMs <= nowMs) {
      stream = {
        epoch: crypto.randomUUID().slice(0, 8),
        offset: 0,
        expiresAtMs: nowMs + options.ttlMs,
        size: options.size,
        retained: 0,
        payloads: [],
      };
      this.#streams.set(name, stream);
      this.#sweep(nowMs);
    }
    return stream;
  }

  /** Drops expired streams, at most once a second, when a stream is created. */
  #sweep(nowMs: number): void {
    if (nowMs < this.#nextSweepMs) return;
    this.#nextSweepMs = nowMs + SWEEP_SPACING_MS;
    for (const [name, stream] of this.#streams) {
      if (stream.expiresAtMs <= nowMs) this.#streams.delete(name);
    }
  }
}

/**
 * Re-lays a stream's ring for a new `size` (a route's options changed
 * between two appends), keeping the newest publications that fit.
 */
function resize(stream: Stream, size: number): void {
  const kept = Math.min(stream.retained, size);
  const payloads = new Array<string>(size);
  for (
    let offset = stream.offset - kept + 1;
    offset <= stream.offset;
    offset++
  ) {
    payloads[(offset - 1) % size] = stream.payloads[(offset - 1) % stream.size];
  }
  stream.payloads = payloads;
  stream.size = size;
  stream.retained = kept;
}
