import type { DeliveryPosition } from "../fanout/fanout.ts";
import type { HistoryRead, StreamPosition } from "../fanout/history_store.ts";
import { encodeEnvelope, ReservedType } from "../wire/envelope.ts";
import { withPosition } from "../wire/publication.ts";
import type { ServerUnrecoveredReason } from "../wire/unrecovered.ts";
import type { RouteHistory } from "./_route_history.ts";
import type { Logger } from "./logger.ts";
import { utf8ByteLength } from "./_utf8.ts";

// Waits before each new attempt to read a stream's position: about 2 s in all.
const ANNOUNCE_RETRY_DELAYS_MS = [100, 400, 1_600];

/** What a stream sync needs of its connection. */
export interface SyncedConnection {
  readonly id: string;
  sendPayload(payload: string, bytes: number): void;
}

/** What `recover` answers for one stream; `why` only when not recovered. */
export interface StreamRecovery {
  readonly recovered: boolean;
  readonly offset?: number;
  readonly epoch?: string;
  readonly why?: ServerUnrecoveredReason;
}

interface HeldPublication {
  readonly offset: number;
  readonly payload: string;
  readonly bytes: number;
}

/** A stream being caught up on: live publications wait until it is. */
interface Hold {
  holders: number;
  /** The highest offset sent to the connection so far, if any. */
  sentOffset: number;
  items: HeldPublication[];
}

/**
 * The streams of one connection on a route with history, while it catches
 * up on them: when it joins a room (it is told the stream's position) and
 * when it recovers after a reconnect (it gets what it missed, or is told
 * it cannot). Meanwhile live publications of those streams are held back
 * and sent afterwards, skipping any the catch-up already sent, so the
 * connection sees each offset once and in order.
 */
export class StreamSync {
  readonly #connection: SyncedConnection;
  readonly #history: RouteHistory;
  readonly #logger: Logger;
  readonly #holds = new Map<string, Hold>();

  constructor(
    connection: SyncedConnection,
    history: RouteHistory,
    logger: Logger,
  ) {
    this.#connection = connection;
    this.#history = history;
    this.#logger = logger;
  }

  /** True if the publication was held back because its stream is being caught up on. */
  hold(position: DeliveryPosition, payload: string, bytes: number): boolean {
    const hold = this.#holds.get(position.stream);
    if (hold === undefined) return false;
    hold.items.push({ offset: position.offset, payload, bytes });
    return true;
  }

  /** Tells the connection where `stream` starts for it (a `position` frame). */
  async announce(stream: string): Promise<void> {
    const hold = this.#begin(stream);
    try {
      const latest = await this.#latestRetried(stream);
      const held = this.#take(hold);
      // Publications held since the join are the connection's: start before them.
      const offset = held.length > 0 ? held[0].offset - 1 : latest.offset;
      this.#send(
        encodeEnvelope(ReservedType.Position, {
          stream,
          offset,
          epoch: latest.epoch,
        }),
      );
      this.#flush(hold, held);
    } catch (error) {
      this.#failed(stream, error);
    } finally {
      this.#end(stream, hold);
    }
  }

  /**
   * Replays what was published to each stream after its position, all or
   * nothing per stream; `answer` is called with the outcome after the
   * replays and before the publications of the streams that were not
   * recovered, which start from the position the answer gives.
   */
  async recover(
    since: ReadonlyMap<string, StreamPosition>,
    answer: (streams: Record<string, StreamRecovery>) => void,
  ): Promise<void> {
    const streams = [...since.keys()];
    const holds = streams.map((stream) => this.#begin(stream));
    try {
      const reads = await Promise.all(
        streams.map((stream) =>
          this.#history.readSince(stream, since.get(stream)!).catch(
            (error): HistoryRead | undefined => {
              this.#failed(stream, error);
              return undefined;
            },
          )
        ),
      );
      const results: Record<string, StreamRecovery> = {};
      const later: Array<[Hold, HeldPublication[]]> = [];
      streams.forEach((stream, index) => {
        const read = reads[index];
        const hold = holds[index];
        if (read === undefined) {
          results[stream] = { recovered: false, why: "store_unavailable" };
          return;
        }
        const epoch = read.latest.epoch;
        if (read.recovered) {
          hold.sentOffset = since.get(stream)!.offset;
          for (const { offset, payload } of read.publications) {
            const framed = withPosition(payload, { stream, offset, epoch });
            this.#sendHeld(hold, offset, framed, utf8ByteLength(framed));
          }
          this.#flush(hold, this.#take(hold));
          results[stream] = { recovered: true, offset: hold.sentOffset, epoch };
          return;
        }
        const held = this.#take(hold);
        const offset = held.length > 0
          ? held[0].offset - 1
          : read.latest.offset;
        results[stream] = {
          recovered: false,
          offset,
          epoch,
          why: unrecoveredReason(since.get(stream)!, read.latest),
        };
        later.push([hold, held]);
      });
      answer(results);
      for (const [hold, held] of later) this.#flush(hold, held);
    } finally {
      streams.forEach((stream, index) => this.#end(stream, holds[index]));
    }
  }

  /**
   * The stream's position, asked again while the store fails for a moment
   * (a Redis restart, a KV file busy past its own retries): a connection
   * without it would leave the stream out of its next recovery, and nobody
   * would hear of what it missed. Live publications wait meanwhile.
   */
  async #latestRetried(stream: string): Promise<StreamPosition> {
    for (const delayMs of ANNOUNCE_RETRY_DELAYS_MS) {
      try {
        return await this.#history.latest(stream);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
    return await this.#history.latest(stream);
  }

  #begin(stream: string): Hold {
    let hold = this.#holds.get(stream);
    if (hold === undefined) {
      hold = { holders: 0, sentOffset: 0, items: [] };
      this.#holds.set(stream, hold);
    }
    hold.holders++;
    return hold;
  }

  /** The publications held so far, oldest offset first, without repeats. */
  #take(hold: Hold): HeldPublication[] {
    const items = hold.items.sort((a, b) => a.offset - b.offset);
    hold.items = [];
    return items.filter((item, index) =>
      index === 0 || item.offset !== items[index - 1].offset
    );
  }

  #flush(hold: Hold, items: readonly HeldPublication[]): void {
    for (const { offset, payload, bytes } of items) {
      this.#sendHeld(hold, offset, payload, bytes);
    }
  }

  /** Sends a publication unless one at or past its offset already went out. */
  #sendHeld(hold: Hold, offset: number, payload: string, bytes: number): void {
    if (offset <= hold.sentOffset) return;
    hold.sentOffset = offset;
    this.#connection.sendPayload(payload, bytes);
  }

  /** The last holder of a stream lets the rest of what was held go. */
  #end(stream: string, hold: Hold): void {
    if (--hold.holders > 0) return;
    this.#holds.delete(stream);
    this.#flush(hold, this.#take(hold));
  }

  #send(payload: string): void {
    this.#connection.sendPayload(payload, utf8ByteLength(payload));
  }

  #failed(stream: string, error: unknown): void {
    this.#logger.log({
      kind: "server_error",
      message:
        `history of stream ${stream} could not be read for connection ${this.#connection.id}`,
      error,
    });
  }
}

/**
 * Why a store could not replay a stream from `since`: in the same epoch and
 * not ahead of it, only because what came after was trimmed or expired.
 */
function unrecoveredReason(
  since: StreamPosition,
  latest: StreamPosition,
): ServerUnrecoveredReason {
  return since.epoch === latest.epoch && since.offset <= latest.offset
    ? "too_far_behind"
    : "history_lost";
}
