import type { RedisClientType } from "redis";
import type {
  HistoryOptions,
  HistoryPublication,
  HistoryRead,
  HistoryStore,
  StreamPosition,
} from "./history_store.ts";
import {
  checkKnownKeys,
  checkName,
  checkRedisUrl,
  optionKeys,
  REDIS_NAME,
  REDIS_NAME_TEXT,
} from "../_option_checks.ts";

const OWNER = "RedisHistoryStore";

/**
 * Settings of a {@link RedisHistoryStore}.
 *
 * @example Usage
 * ```ts
 * import type { RedisHistoryStoreOptions } from "@wiretype/wiretype/fanout";
 * const options: RedisHistoryStoreOptions = { url: "redis://127.0.0.1:6379", keyPrefix: "my-chat" };
 * ```
 */
export interface RedisHistoryStoreOptions {
  /** The Redis URL, e.g. `redis://127.0.0.1:6379`. */
  readonly url: string;
  /** Prefix of the keys, one per application sharing a Redis. Default `wiretype`. */
  readonly keyPrefix?: string;
}

const OPTION_KEYS = optionKeys<RedisHistoryStoreOptions>({
  url: true,
  keyPrefix: true,
});

// Each script runs atomically in Redis, so offsets of a stream go up by one
// per append whichever node appends, and a read sees one consistent state.
// KEYS[1] is the stream's metadata hash (epoch, offset), KEYS[2] the Redis
// Stream of its publications, whose entry ids are `<offset>-0`. A missing
// hash (never written, expired, or lost with Redis's data) gets a new epoch
// and the stream is emptied, so positions from before are never trusted.
const ENSURE = `
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch then
  epoch = ARGV[1]
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[1], 'epoch', epoch, 'offset', 0)
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
`;

/** ARGV: new epoch, ttl ms, size, payload. Returns {offset, epoch}. */
const APPEND = ENSURE + `
local offset = redis.call('HINCRBY', KEYS[1], 'offset', 1)
redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[3], offset .. '-0', 'p', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return {offset, epoch}
`;

/** ARGV: new epoch, ttl ms. Returns {offset, epoch}. */
const LATEST = ENSURE + `
return {tonumber(redis.call('HGET', KEYS[1], 'offset')), epoch}
`;

/**
 * ARGV: new epoch, ttl ms, since offset, since epoch, size. Returns
 * {recovered (0/1), offset, epoch, id1, payload1, ...}.
 */
const READ_SINCE = ENSURE + `
local offset = tonumber(redis.call('HGET', KEYS[1], 'offset'))
local since = tonumber(ARGV[3])
if epoch ~= ARGV[4] or since > offset then return {0, offset, epoch} end
local result = {1, offset, epoch}
if since == offset then return result end
local entries = redis.call('XRANGE', KEYS[2], (since + 1) .. '-0', '+', 'COUNT', ARGV[5])
if #entries == 0 or entries[1][1] ~= (since + 1) .. '-0' then return {0, offset, epoch} end
for _, entry in ipairs(entries) do
  table.insert(result, entry[1])
  table.insert(result, entry[2][2])
end
return result
`;

/**
 * How long one call waits for Redis. Once connected, a call while Redis is
 * away fails at once (no offline queue); this bounds the first connection.
 */
const CALL_TIMEOUT_MS = 5_000;

/**
 * History in Redis, shared by every node: each stream is a Redis Stream of
 * its last `size` publications plus a hash with its epoch and offset,
 * changed by Lua scripts so appends from several nodes get consecutive
 * offsets. Both keys expire `ttlMs` after the latest publication. If Redis
 * loses the data (a restart without persistence, an eviction), the stream
 * starts again with a new epoch and older positions are not recovered. The
 * `redis` package is loaded on first use.
 *
 * On Deno Deploy, point it at a Redis reachable from Deploy (a hosted
 * Redis with TLS: `rediss://`).
 *
 * @example Usage
 * ```ts
 * import { createServer, type Route } from "@wiretype/wiretype";
 * import { RedisFanout, RedisHistoryStore } from "@wiretype/wiretype/fanout";
 *
 * // chatRoute(handlers, { history: { size: 100, ttlMs: 300_000 } }), from the generated chat_server.ts
 * declare const chat: Route;
 * const url = Deno.env.get("REDIS_URL") ?? "redis://127.0.0.1:6379";
 * const server = createServer({
 *   routes: [chat],
 *   fanout: new RedisFanout({ url }),
 *   history: new RedisHistoryStore({ url }),
 * });
 * ```
 */
export class RedisHistoryStore implements HistoryStore {
  readonly #url: string;
  readonly #keyPrefix: string;
  #client: Promise<RedisClientType> | undefined;
  /** The client once created, connected or not, so `close` can stop it trying. */
  #opened: RedisClientType | undefined;
  #closed = false;

  /** A store for the Redis at `options.url`; nothing connects until first use. */
  constructor(options: RedisHistoryStoreOptions) {
    this.#url = checkRedisUrl(OWNER, options?.url);
    checkKnownKeys(OWNER, "", options, OPTION_KEYS);
    this.#keyPrefix = checkName(
      OWNER,
      "keyPrefix",
      options.keyPrefix ?? "wiretype",
      REDIS_NAME_TEXT,
      REDIS_NAME,
    );
  }

  /** Appends atomically: the next offset of the stream, whichever node asks. */
  async append(
    stream: string,
    payload: string,
    options: HistoryOptions,
  ): Promise<StreamPosition> {
    const [offset, epoch] = await this.#run(APPEND, stream, [
      newEpoch(),
      String(options.ttlMs),
      String(options.size),
      payload,
    ]) as [number, string];
    return { offset, epoch };
  }

  /** The stream's latest position, created with a new epoch if missing. */
  async latest(
    stream: string,
    options: HistoryOptions,
  ): Promise<StreamPosition> {
    const [offset, epoch] = await this.#run(LATEST, stream, [
      newEpoch(),
      String(options.ttlMs),
    ]) as [number, string];
    return { offset, epoch };
  }

  /** Everything after `since` in one atomic read, or not recovered. */
  async readSince(
    stream: string,
    since: StreamPosition,
    options: HistoryOptions,
  ): Promise<HistoryRead> {
    const reply = await this.#run(READ_SINCE, stream, [
      newEpoch(),
      String(options.ttlMs),
      String(since.offset),
      since.epoch,
      String(options.size),
    ]) as (number | string)[];
    const [recovered, offset, epoch] = reply as [number, number, string];
    const publications: HistoryPublication[] = [];
    for (let index = 3; index < reply.length; index += 2) {
      publications.push({
        offset: Number.parseInt(String(reply[index]), 10),
        payload: String(reply[index + 1]),
      });
    }
    return {
      recovered: recovered === 1,
      publications,
      latest: { offset, epoch },
    };
  }

  /** Closes the connection, if one was opened, also while it is still trying to connect. */
  close(): Promise<void> {
    this.#closed = true;
    if (this.#opened?.isOpen) this.#opened.destroy();
    return Promise.resolve();
  }

  /** Runs a script on the stream's keys; fails after CALL_TIMEOUT_MS rather than waiting for Redis to come back. */
  async #run(script: string, stream: string, args: string[]): Promise<unknown> {
    const key = `${this.#keyPrefix}:history:${stream}`;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `Redis history did not answer within ${CALL_TIMEOUT_MS} ms`,
            ),
          ),
        CALL_TIMEOUT_MS,
      );
    });
    // Loading the package is not waiting for Redis: it is not timed.
    const { createClient } = await (redisModule ??= import("redis"));
    try {
      return await Promise.race([
        this.#connection(createClient).then((client) =>
          evalScript(client, script, [`${key}:meta`, key], args)
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  #connection(
    createClient: typeof import("redis").createClient,
  ): Promise<RedisClientType> {
    if (this.#closed) {
      return Promise.reject(new Error("RedisHistoryStore is closed"));
    }
    this.#client ??= (async () => {
      const client = createClient({
        url: this.#url,
        // Fail at once while Redis is away: the server then sends live only.
        disableOfflineQueue: true,
      }) as RedisClientType;
      this.#opened = client;
      client.on("error", () => {
        // Reconnects by itself; each failed call reports its own error.
      });
      await client.connect();
      return client;
    })();
    const pending = this.#client;
    // A failed first connect is retried by the next call.
    pending.catch(() => {
      if (this.#client === pending) this.#client = undefined;
    });
    return pending;
  }
}

/** Each script's SHA-1, for EVALSHA; computed once per script text. */
const scriptHashes = new Map<string, Promise<string>>();

/**
 * Runs `script` by its hash (EVALSHA), so an append sends a few dozen bytes
 * instead of the script's text; where Redis does not know it yet (first
 * call, or its script cache went with a restart), EVAL sends the text once
 * and Redis keeps it.
 */
async function evalScript(
  client: RedisClientType,
  script: string,
  keys: readonly string[],
  args: readonly string[],
): Promise<unknown> {
  let hash = scriptHashes.get(script);
  if (hash === undefined) {
    hash = crypto.subtle.digest("SHA-1", new TextEncoder().encode(script))
      .then((digest) =>
        Array.from(
          new Uint8Array(digest),
          (byte) => byte.toString(16).padStart(2, "0"),
        ).join("")
      );
    scriptHashes.set(script, hash);
  }
  const counts = [String(keys.length), ...keys, ...args];
  try {
    return await client.sendCommand(["EVALSHA", await hash, ...counts]);
  } catch (error) {
    if (!String((error as Error)?.message).startsWith("NOSCRIPT")) throw error;
    return await client.sendCommand(["EVAL", script, ...counts]);
  }
}

/** Loaded on first use, so applications without Redis never load the package. */
let redisModule: Promise<typeof import("redis")> | undefined;

function newEpoch(): string {
  return crypto.randomUUID().slice(0, 8);
}
