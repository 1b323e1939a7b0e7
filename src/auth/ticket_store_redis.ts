import type { TicketRecord, TicketStore } from "./ticket_store.ts";
import {
  checkKnownKeys,
  checkName,
  checkRedisUrl,
  optionKeys,
} from "../_option_checks.ts";

const OWNER = "RedisTicketStore";

/** Options of {@link RedisTicketStore}. */
export interface RedisTicketStoreOptions {
  /** Where Redis is: `redis://[user:password@]host:port[/db]`, or `rediss://` for TLS. */
  readonly url: string;
  /** Prefix of the ticket keys. Default `"wiretype:ticket:"`. */
  readonly keyPrefix?: string;
}

/** The few commands the store uses, so its types do not follow the client's generics. */
interface RedisClient {
  readonly isOpen: boolean;
  set(
    key: string,
    value: string,
    options: {
      condition: "NX";
      expiration: { type: "PX"; value: number };
    },
  ): Promise<unknown>;
  getDel(key: string): Promise<unknown>;
  close(): Promise<void>;
}

const OPTION_KEYS = optionKeys<RedisTicketStoreOptions>({
  url: true,
  keyPrefix: true,
});

const DEFAULT_KEY_PREFIX = "wiretype:ticket:";

/**
 * Tickets in Redis, shared by every machine that uses the same server. A
 * ticket is written with `SET key value NX PX ttl` and redeemed with
 * `GETDEL`, which Redis runs atomically: one redemption wins. Needs Redis 6.2
 * or later. The `redis` package is loaded on first use, so applications that
 * never use this store never load it.
 *
 * @example Usage
 * ```ts
 * import { createAuthenticator, createJwtVerifier, RedisTicketStore } from "@wiretype/wiretype/auth";
 *
 * const store = new RedisTicketStore({ url: "redis://127.0.0.1:6379" });
 * const auth = createAuthenticator({
 *   verifier: createJwtVerifier({ algorithms: ["HS256"], key: Deno.env.get("JWT_SECRET")! }),
 *   tickets: { store },
 * });
 * // at shutdown
 * await store.close();
 * ```
 */
export class RedisTicketStore implements TicketStore {
  readonly #url: string;
  readonly #keyPrefix: string;
  #client: Promise<RedisClient> | undefined;
  #closed = false;

  /** Connects lazily, on the first `put` or `take`. */
  constructor(options: RedisTicketStoreOptions) {
    this.#url = checkRedisUrl(OWNER, options?.url);
    checkKnownKeys(OWNER, "", options, OPTION_KEYS);
    // Any string, even empty: the prefix was never restricted, and Redis keys take any bytes.
    this.#keyPrefix = checkName(
      OWNER,
      "keyPrefix",
      options.keyPrefix ?? DEFAULT_KEY_PREFIX,
      "a string",
      /^/,
    );
  }

  /** `SET key value NX PX ttlMs`; throws if the ticket exists already. */
  async put(
    ticket: string,
    record: TicketRecord,
    ttlMs: number,
  ): Promise<void> {
    const client = await this.#connected();
    const reply = await client.set(
      this.#keyPrefix + ticket,
      JSON.stringify(record),
      {
        condition: "NX",
        expiration: { type: "PX", value: Math.max(1, Math.ceil(ttlMs)) },
      },
    );
    if (reply !== "OK") throw new Error("ticket already exists");
  }

  /** `GETDEL key`: the record if this call removed it, else undefined. */
  async take(ticket: string): Promise<TicketRecord | undefined> {
    const client = await this.#connected();
    const value = await client.getDel(this.#keyPrefix + ticket);
    return typeof value === "string" ? parseRecord(value) : undefined;
  }

  /** Closes the Redis connection, if one was opened. */
  async close(): Promise<void> {
    this.#closed = true;
    const pending = this.#client;
    this.#client = undefined;
    if (pending === undefined) return;
    const client = await pending.catch(() => undefined);
    if (client?.isOpen) await client.close();
  }

  async #connected(): Promise<RedisClient> {
    if (this.#closed) throw new Error("RedisTicketStore is closed");
    const pending = this.#client ?? this.#open();
    const client = await pending;
    if (client.isOpen) return client;
    // The client gave up reconnecting: start over with a fresh one.
    return await (this.#client === pending ? this.#open() : this.#connected());
  }

  #open(): Promise<RedisClient> {
    const opening = connect(this.#url);
    this.#client = opening;
    // Let the next call try again instead of caching the failure.
    opening.catch(() => {
      if (this.#client === opening) this.#client = undefined;
    });
    return opening;
  }
}

const RECONNECT_ATTEMPTS = 3;
const RECONNECT_DELAY_MS = 100;

async function connect(url: string): Promise<RedisClient> {
  const { createClient } = await import("redis");
  const client = createClient({
    url,
    // Without the offline queue a command fails at once while Redis is down,
    // so an upgrade is refused instead of waiting for a reconnect.
    disableOfflineQueue: true,
    socket: {
      // Give up after a few attempts (the store then opens a new client on
      // its next call) rather than retry forever behind a pending connect.
      reconnectStrategy: (retries) =>
        retries < RECONNECT_ATTEMPTS
          ? RECONNECT_DELAY_MS * (retries + 1)
          : false,
    },
  });
  // Commands report the failures that matter; an unhandled "error" event
  // would crash the process.
  client.on("error", () => {});
  await client.connect();
  return client;
}

function parseRecord(value: string): TicketRecord | undefined {
  try {
    const record: unknown = JSON.parse(value);
    if (
      typeof record === "object" && record !== null &&
      typeof (record as TicketRecord).sub === "string" &&
      typeof (record as TicketRecord).expiresAt === "number"
    ) {
      return record as TicketRecord;
    }
  } catch {
    // Not ours: treat as unknown.
  }
  return undefined;
}
