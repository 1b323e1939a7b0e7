/** Where the client stands in one stream: the last position it accepted. */
export interface Position {
  readonly offset: number;
  readonly epoch: string;
}

/**
 * What to do with a publication (docs/PROTOCOL.md, "Streams and recovery"):
 *
 * - `accept`: the next offset, or the first one seen of the stream;
 * - `new_epoch`: accept it, but what came before is lost;
 * - `duplicate`: delivered already, drop it;
 * - `gap`: one or more are missing, drop it and ask the server for them;
 * - `held`: a recovery of the stream is pending and this is not the next
 *   offset, drop it (the server replays it before answering).
 */
export type Verdict = "accept" | "new_epoch" | "duplicate" | "gap" | "held";

/**
 * The client's position in every stream it receives, and which streams wait
 * for a `recover` answer. Pure bookkeeping: sending and reporting are the
 * caller's.
 */
export class StreamPositions {
  readonly #positions = new Map<string, Position>();
  /** Streams whose missing publications are (or will be) asked for. */
  readonly #pending = new Set<string>();
  #duplicatesDropped = 0;
  #gapsDetected = 0;

  get size(): number {
    return this.#positions.size;
  }

  get duplicatesDropped(): number {
    return this.#duplicatesDropped;
  }

  get gapsDetected(): number {
    return this.#gapsDetected;
  }

  /** Judges a publication and advances the stream when it is accepted. */
  judge(
    { stream, offset, epoch }: Position & { readonly stream: string },
  ): Verdict {
    const own = this.#positions.get(stream);
    if (own === undefined) {
      this.#positions.set(stream, { offset, epoch });
      return "accept";
    }
    const sameEpoch = own.epoch === epoch;
    if (sameEpoch && offset <= own.offset) {
      this.#duplicatesDropped++;
      return "duplicate";
    }
    if (sameEpoch && offset === own.offset + 1) {
      this.#positions.set(stream, { offset, epoch });
      return "accept";
    }
    if (this.#pending.has(stream)) return "held";
    if (!sameEpoch) {
      this.#positions.set(stream, { offset, epoch });
      return "new_epoch";
    }
    this.#gapsDetected++;
    return "gap";
  }

  /**
   * A `position` frame: where the server starts sending a stream to this
   * connection (a room joined). Ignored while the stream waits for a
   * recovery: the replayed `@replay` messages join the rooms again before
   * `recover` is handled, and taking their position would skip what the
   * recovery is about to replay.
   */
  start(stream: string, position: Position): void {
    if (!this.#pending.has(stream)) this.#positions.set(stream, position);
  }

  /**
   * Marks every known stream as waiting for a recovery (the connection
   * dropped): positions stay where they are until the reconnect's
   * `recover` is answered.
   */
  holdAll(): void {
    for (const stream of this.#positions.keys()) this.#pending.add(stream);
  }

  /** The positions to present in a `recover` (all streams, or `only`), now marked pending. */
  request(only?: string): Record<string, Position> {
    const streams: Record<string, Position> = {};
    for (const [stream, position] of this.#positions) {
      if (only !== undefined && stream !== only) continue;
      streams[stream] = position;
      this.#pending.add(stream);
    }
    return streams;
  }

  /**
   * Applies the server's answer for `stream`. Not recovered: the server's
   * position is taken (what is missing is gone), unless the client is
   * already past it in the same epoch; with no position (the connection no
   * longer receives the stream) the stream is forgotten. Recovered: the
   * replayed publications advanced the stream already.
   */
  answered(
    stream: string,
    recovered: boolean,
    position: Position | undefined,
  ): void {
    this.#pending.delete(stream);
    if (recovered) return;
    if (position === undefined) {
      this.#positions.delete(stream);
      return;
    }
    const own = this.#positions.get(stream);
    if (
      own === undefined || own.epoch !== position.epoch ||
      own.offset < position.offset
    ) {
      this.#positions.set(stream, position);
    }
  }

  /**
   * Forgets `stream` (the server did not answer for it, or failed to):
   * its next publication starts its chain again.
   */
  forget(stream: string): void {
    this.#pending.delete(stream);
    this.#positions.delete(stream);
  }

  /** Forgets everything (a new session). */
  clear(): void {
    this.#positions.clear();
    this.#pending.clear();
  }
}
