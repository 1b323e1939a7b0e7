import type { RequestId } from "../wire/envelope.ts";
import { ClientError, ClientErrorCode } from "./client_error.ts";

/** A message or RPC waiting for the connection, already serialised. */
export interface QueuedFrame {
  readonly type: string;
  readonly data: unknown;
  readonly frame: string;
  /** Set for RPCs, so a timed-out call can leave the queue. */
  readonly requestId?: RequestId;
}

/**
 * Messages sent while disconnected, in sending order, bounded so an app that
 * keeps sending to a dead server learns it instead of growing memory.
 */
export class Outbox {
  readonly #maxMessages: number;
  #frames: QueuedFrame[] = [];

  constructor(maxMessages: number) {
    this.#maxMessages = maxMessages;
  }

  /** Queues a frame; throws `queue_full` when the bound is reached. */
  push(frame: QueuedFrame): void {
    if (this.#frames.length >= this.#maxMessages) {
      throw new ClientError(
        ClientErrorCode.QueueFull,
        `${this.#maxMessages} messages already wait for the connection (queue.maxMessages); "${frame.type}" was not queued`,
      );
    }
    this.#frames.push(frame);
  }

  /** Drops a queued RPC (it timed out or was aborted before being sent). */
  remove(requestId: RequestId): void {
    this.#frames = this.#frames.filter((frame) =>
      frame.requestId !== requestId
    );
  }

  /** Empties the queue, returning its frames in sending order. */
  drain(): QueuedFrame[] {
    const frames = this.#frames;
    this.#frames = [];
    return frames;
  }
}
