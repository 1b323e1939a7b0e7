/**
 * Where a stream is: the offset of its latest publication (1 for the first)
 * and the stream's epoch, which changes whenever the stream's history was
 * lost (a restart of an in-memory store, a Redis that lost its data, a
 * stream that expired), so a position from before is never trusted.
 *
 * @example Usage
 * ```ts
 * import type { StreamPosition } from "@wiretype/wiretype/fanout";
 * const position: StreamPosition = { offset: 17, epoch: "k3f9a2" };
 * ```
 */
export interface StreamPosition {
  /** The offset of the latest publication seen; 0 before any. */
  readonly offset: number;
  /** The stream's epoch. */
  readonly epoch: string;
}

/**
 * How much of a stream a store keeps: the last `size` publications, for
 * `ttlMs` after the stream's latest publication (the whole stream expires
 * then, and starts again with a new epoch).
 *
 * @example Usage
 * ```ts
 * import type { HistoryOptions } from "@wiretype/wiretype/fanout";
 * const options: HistoryOptions = { size: 100, ttlMs: 5 * 60_000 };
 * ```
 */
export interface HistoryOptions {
  /** How many publications a stream keeps, at least 1. */
  readonly size: number;
  /** How long a stream is kept after its latest publication, in ms. */
  readonly ttlMs: number;
}

/**
 * One retained publication: its offset and the envelope as published,
 * without its position (the server adds the position to what it sends).
 *
 * @example Usage
 * ```ts
 * import type { HistoryPublication } from "@wiretype/wiretype/fanout";
 * const publication: HistoryPublication = { offset: 18, payload: '{"type":"message","data":{"text":"hi"}}' };
 * ```
 */
export interface HistoryPublication {
  /** Its offset in the stream. */
  readonly offset: number;
  /** The serialised envelope, without `stream`, `offset` and `epoch`. */
  readonly payload: string;
}

/**
 * What a store answers to "what was published after this position":
 * everything, in order, or nothing at all (never a partial replay).
 *
 * @example Usage
 * ```ts
 * import type { HistoryRead } from "@wiretype/wiretype/fanout";
 * const read: HistoryRead = { recovered: false, publications: [], latest: { offset: 40, epoch: "b7" } };
 * ```
 */
export interface HistoryRead {
  /**
   * True if every publication after the position is still retained: same
   * epoch, and none of them trimmed by `size` or expired.
   */
  readonly recovered: boolean;
  /** The publications after the position, oldest first; empty unless recovered. */
  readonly publications: readonly HistoryPublication[];
  /** The stream's latest position now (offset 0 and a fresh epoch for a stream with no history). */
  readonly latest: StreamPosition;
}

/**
 * Keeps the recent publications of streams (a room's or a user's messages
 * on one route) so a client that reconnects can get what it missed. Stream
 * names are opaque to the store. Offsets of one stream go up by exactly 1
 * per publication, in the order `append` was called, across every node
 * that shares the store.
 *
 * `MemoryHistoryStore` serves one process; `RedisHistoryStore` serves
 * every node of a cluster.
 *
 * @example Usage
 * ```ts
 * import { MemoryHistoryStore } from "@wiretype/wiretype/fanout";
 * const store = new MemoryHistoryStore();
 * const options = { size: 100, ttlMs: 60_000 };
 * const position = await store.append("/chat room:general", '{"type":"message","data":{}}', options);
 * const read = await store.readSince("/chat room:general", { offset: 0, epoch: position.epoch }, options);
 * read.recovered; // true: one publication
 * await store.close();
 * ```
 */
export interface HistoryStore {
  /** Appends a publication to `stream` and returns its position. */
  append(
    stream: string,
    payload: string,
    options: HistoryOptions,
  ): Promise<StreamPosition>;
  /**
   * The stream's latest position, creating the stream (with a new epoch) if
   * it has none, so publications that follow keep that epoch.
   */
  latest(stream: string, options: HistoryOptions): Promise<StreamPosition>;
  /** Everything published to `stream` after `since`, or that it cannot be recovered. */
  readSince(
    stream: string,
    since: StreamPosition,
    options: HistoryOptions,
  ): Promise<HistoryRead>;
  /** Releases connections and timers. */
  close(): Promise<void>;
}
