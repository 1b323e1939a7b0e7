import type { RedisClientType } from "redis";
import type {
  FanoutTransport,
  TransportHandlers,
  TransportStats,
} from "./fanout_transport.ts";

/** The resolved settings of a {@link RedisTransport}. */
export interface RedisTransportSettings {
  readonly url: string;
  readonly channelPrefix: string;
  readonly reconnectMaxDelayMs: number;
  readonly startTimeoutMs: number;
  readonly pingIntervalMs: number;
}

type Client = RedisClientType;

/** How long `close` waits for Redis to take the last messages (the goodbye). */
const CLOSE_FLUSH_TIMEOUT_MS = 1_000;

/**
 * Redis pub/sub with one publishing and one subscribing connection, as
 * subscribed connections can run nothing else. Deliveries go to
 * `<prefix>:route:<path>`, presence to `<prefix>:presence`; one pattern
 * subscription `<prefix>:*` receives both. node-redis reconnects by itself
 * and re-issues the subscription before it reports ready; this class turns
 * its events into outage and recovery.
 */
export class RedisTransport implements FanoutTransport {
  readonly name = "redis";
  readonly #settings: RedisTransportSettings;
  #publisher: Client | undefined;
  #subscriber: Client | undefined;
  #closed = false;
  #subscribed = false;
  /**
   * False from the first error of either connection until both are ready
   * again. A connection that has not noticed yet that Redis is gone still
   * says it is ready, and a publish sent through it would hang until the
   * socket times out: the link is down as a whole, so that publishes are
   * dropped (and counted) from the moment an outage is reported.
   */
  #linkUp = false;
  #publishesDropped = 0;

  constructor(settings: RedisTransportSettings) {
    this.#settings = settings;
  }

  async open(handlers: TransportHandlers): Promise<void> {
    // Loaded here so applications without Redis never load the package.
    const { createClient } = await import("redis");
    const { url, reconnectMaxDelayMs, pingIntervalMs } = this.#settings;
    const options = {
      url,
      pingInterval: pingIntervalMs,
      socket: {
        // A connection silent for three pings is dead even if no RST came
        // (a partition); the socket timeout makes node-redis reconnect.
        socketTimeout: pingIntervalMs * 3,
        // Jittered exponential backoff, so nodes do not reconnect in step.
        reconnectStrategy: (retries: number) =>
          Math.round(
            Math.min(100 * 2 ** retries, reconnectMaxDelayMs) *
              (0.5 + Math.random() / 2),
          ),
      },
    };
    // Publishes fail at once while disconnected instead of piling up in
    // node-redis's offline queue: see the failure policy of RedisFanout.
    const publisher = createClient({
      ...options,
      disableOfflineQueue: true,
    }) as Client;
    const subscriber = createClient(options) as Client;
    this.#publisher = publisher;
    this.#subscriber = subscriber;
    for (const client of [publisher, subscriber]) {
      client.on("error", (error: unknown) => {
        this.#linkUp = false;
        if (!this.#closed) handlers.outage(error);
      });
      client.on("ready", () => this.#reportIfRecovered(handlers));
    }
    const connected = Promise.all([
      publisher.connect(),
      subscriber.connect().then(() =>
        subscriber.pSubscribe(
          `${this.#settings.channelPrefix}:*`,
          (message: string) => handlers.message(message),
        )
      ).then(() => {
        // The first 'ready' came before the subscription existed; node-redis
        // re-subscribes before later ones.
        this.#subscribed = true;
        this.#reportIfRecovered(handlers);
      }),
    ]).then(() => true);
    // Closing during start rejects the pending connects; nothing to report then.
    connected.catch(() => {});
    if (!await settlesWithin(connected, this.#settings.startTimeoutMs)) {
      handlers.outage(
        new Error(
          `Redis at ${
            new URL(url).host
          } not ready within ${this.#settings.startTimeoutMs} ms; still trying`,
        ),
      );
    }
  }

  #reportIfRecovered(handlers: TransportHandlers): void {
    if (
      !this.#closed && this.#subscribed && this.#publisher?.isReady === true &&
      this.#subscriber?.isReady === true
    ) {
      this.#linkUp = true;
      handlers.recovered();
    }
  }

  send(text: string, route: string | undefined): void {
    const publisher = this.#publisher;
    if (publisher === undefined || !this.#linkUp || !publisher.isReady) {
      this.#publishesDropped++;
      return;
    }
    const prefix = this.#settings.channelPrefix;
    const channel = route === undefined
      ? `${prefix}:presence`
      : `${prefix}:route:${route}`;
    publisher.publish(channel, text).catch(() => this.#publishesDropped++);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const linkUp = this.#linkUp;
    this.#linkUp = false;
    await Promise.all(
      [this.#publisher, this.#subscriber].map(async (client) => {
        if (client === undefined || !client.isOpen) return;
        // A client of a live link flushes what was sent (the goodbye). One
        // that is reconnecting has nothing to flush, and one that has not
        // noticed Redis is gone would wait for answers that never come: so
        // the flush is bounded, and the connection dropped after it.
        if (linkUp && client.isReady) {
          await settlesWithin(
            client.close().then(() => true),
            CLOSE_FLUSH_TIMEOUT_MS,
          );
        }
        if (client.isOpen) client.destroy();
      }),
    );
  }

  stats(): TransportStats {
    return {
      connected: this.#linkUp && (this.#publisher?.isReady ?? false) &&
        (this.#subscriber?.isReady ?? false),
      publishesDropped: this.#publishesDropped,
    };
  }
}

/** True if `work` resolved within `timeoutMs`; clears its timer either way. */
async function settlesWithin(
  work: Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([work.catch(() => false), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
