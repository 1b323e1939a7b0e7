import type {
  FanoutTransport,
  TransportHandlers,
  TransportStats,
} from "./fanout_transport.ts";

/**
 * Posts messages on a `BroadcastChannel` (which never hands a sender its own
 * posts). Deno's channel keeps only a few hundred posts for a receiver that
 * is busy and silently drops older ones, so a burst of publications would
 * be lost. The first message after a quiet moment is posted at once (no
 * added latency); those that follow within the same turn of the event loop
 * are posted together as one array on the next turn, so a burst costs a
 * handful of posts instead of one each.
 */
export class BroadcastChannelTransport implements FanoutTransport {
  readonly name = "broadcast-channel";
  readonly #channelName: string;
  #channel: BroadcastChannel | undefined;
  /** Messages waiting for the next turn; undefined when nothing was sent this turn. */
  #batch: string[] | undefined;
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  #publishesDropped = 0;

  constructor(channelName: string) {
    this.#channelName = channelName;
  }

  open(handlers: TransportHandlers): Promise<void> {
    const channel = new BroadcastChannel(this.#channelName);
    channel.onmessage = (event: MessageEvent<unknown>) => {
      const data = event.data;
      if (Array.isArray(data)) {
        for (const text of data) handlers.message(asText(text));
      } else {
        handlers.message(asText(data));
      }
    };
    this.#channel = channel;
    return Promise.resolve();
  }

  send(text: string): void {
    if (this.#batch !== undefined) {
      this.#batch.push(text);
      return;
    }
    this.#post(text, 1);
    this.#batch = [];
    this.#flushTimer = setTimeout(() => this.#flush(), 0);
  }

  close(): Promise<void> {
    // Whatever is batched (the goodbye, typically) still goes out.
    this.#flush();
    clearTimeout(this.#flushTimer);
    this.#channel?.close();
    this.#channel = undefined;
    return Promise.resolve();
  }

  stats(): TransportStats {
    return {
      connected: this.#channel !== undefined,
      publishesDropped: this.#publishesDropped,
    };
  }

  #flush(): void {
    const batch = this.#batch;
    if (batch === undefined || batch.length === 0) {
      // A quiet turn: the next message is posted at once again.
      this.#batch = undefined;
      return;
    }
    this.#post(batch, batch.length);
    // Still busy: keep batching until a turn passes without messages.
    this.#batch = [];
    this.#flushTimer = setTimeout(() => this.#flush(), 0);
  }

  #post(message: string | string[], count: number): void {
    try {
      if (this.#channel === undefined) throw new Error("closed");
      this.#channel.postMessage(message);
    } catch {
      // Only a closed channel throws here; the messages have nowhere to go.
      this.#publishesDropped += count;
    }
  }
}

/** Anything but a string was not posted by a wiretype node; "" is counted as malformed. */
function asText(value: unknown): string {
  return typeof value === "string" ? value : "";
}
