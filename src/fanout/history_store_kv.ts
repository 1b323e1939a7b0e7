import type {
  HistoryOptions,
  HistoryPublication,
  HistoryRead,
  HistoryStore,
  StreamPosition,
} from "./history_store.ts";
import {
  checkKnownKeys,
  checkKv,
  checkName,
  checkObject,
  checkOptionalFunction,
  optionKeys,
} from "../_option_checks.ts";
import { retryWhileLocked } from "../_kv_locked.ts";

const OWNER = "KvHistoryStore";

/**
 * Settings of a {@link KvHistoryStore}.
 *
 * @example Usage
 * ```ts
 * import type { KvHistoryStoreOptions } from "@wiretype/wiretype/fanout";
 * const options: KvHistoryStoreOptions = { prefix: "my-chat-history" };
 * ```
 */
export interface KvHistoryStoreOptions {
  /** The first part of every key of the store. Default `"wiretype-history"`. */
  readonly prefix?: string;
  /** The clock, in ms since the epoch; tests pass a fake one. Default `Date.now`. */
  readonly clock?: () => number;
}

const OPTION_KEYS = optionKeys<KvHistoryStoreOptions>({
  prefix: true,
  clock: true,
});

interface StreamMeta {
  readonly epoch: string;
  readonly offset: number;
  /** Checked on every read: Deno KV's `expireIn` may fire late. */
  readonly expiresAtMs: number;
}

/**
 * History in Deno KV, for Deno Deploy (every isolate of a deployment shares
 * its KV) and for the workers of `deno serve --parallel` (they share the
 * local KV file). Offsets come from an atomic check-and-set on the stream's
 * metadata, so appends from several isolates get consecutive offsets; a
 * conflict is retried, and so is a local KV file that answers "database is
 * locked" while another worker writes. Publications are keyed by epoch and
 * offset and expire `ttlMs` after they were written; the stream is over (a
 * new epoch) once `ttlMs` passed since its latest publication.
 *
 * Limits: each append is a KV transaction (a few ms on Deploy, more under
 * contention on one busy stream), and a replay reads up to `size` entries;
 * keep `size` in the hundreds. The caller owns `kv` and closes it.
 *
 * @example Usage
 * ```ts
 * import { KvHistoryStore } from "@wiretype/wiretype/fanout";
 * const kv = await Deno.openKv();
 * const store = new KvHistoryStore(kv);
 * const position = await store.append("/chat room:general", '{"type":"message","data":{}}', { size: 100, ttlMs: 60_000 });
 * await store.close();
 * kv.close();
 * ```
 */
export class KvHistoryStore implements HistoryStore {
  readonly #kv: Deno.Kv;
  readonly #prefix: Deno.KvKeyPart;
  readonly #clock: () => number;

  /** A store in `kv`, under keys starting with `prefix` (default `"wiretype-history"`). */
  constructor(
    kv: Deno.Kv,
    options: KvHistoryStoreOptions = {},
  ) {
    this.#kv = checkKv(OWNER, kv);
    checkObject(OWNER, "options", options);
    checkKnownKeys(OWNER, "", options, OPTION_KEYS);
    this.#prefix = checkName(
      OWNER,
      "prefix",
      options.prefix ?? "wiretype-history",
    );
    this.#clock = checkOptionalFunction(OWNER, "clock", options.clock) ??
      Date.now;
  }

  /** Appends with the next offset, retrying when another isolate appended first. */
  append(
    stream: string,
    payload: string,
    options: HistoryOptions,
  ): Promise<StreamPosition> {
    return retryWhileLocked(() => this.#append(stream, payload, options));
  }

  /** The stream's latest position, created with a new epoch if missing. */
  latest(
    stream: string,
    options: HistoryOptions,
  ): Promise<StreamPosition> {
    return retryWhileLocked(async () => {
      const { offset, epoch } = await this.#ensure(stream, options);
      return { offset, epoch };
    });
  }

  /** Everything after `since`, or not recovered; never part of it. */
  readSince(
    stream: string,
    since: StreamPosition,
    options: HistoryOptions,
  ): Promise<HistoryRead> {
    return retryWhileLocked(() => this.#readSince(stream, since, options));
  }

  /** Nothing to release: the caller closes the KV. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  async #append(
    stream: string,
    payload: string,
    options: HistoryOptions,
  ): Promise<StreamPosition> {
    while (true) {
      const entry = await this.#kv.get<StreamMeta>(this.#metaKey(stream));
      const meta = this.#live(entry.value) ?? this.#fresh();
      const offset = meta.offset + 1;
      const expireIn = options.ttlMs;
      const next = { ...meta, offset, expiresAtMs: this.#clock() + expireIn };
      const transaction = this.#kv.atomic()
        .check(entry)
        .set(this.#metaKey(stream), next, { expireIn })
        .set(this.#publicationKey(stream, meta.epoch, offset), payload, {
          expireIn,
        });
      if (offset > options.size) {
        transaction.delete(
          this.#publicationKey(stream, meta.epoch, offset - options.size),
        );
      }
      if ((await transaction.commit()).ok) {
        return { offset, epoch: meta.epoch };
      }
    }
  }

  async #readSince(
    stream: string,
    since: StreamPosition,
    options: HistoryOptions,
  ): Promise<HistoryRead> {
    const meta = await this.#ensure(stream, options);
    const latest = { offset: meta.offset, epoch: meta.epoch };
    const none = { recovered: false, publications: [], latest };
    if (since.epoch !== meta.epoch || since.offset > meta.offset) return none;
    const publications: HistoryPublication[] = [];
    const entries = this.#kv.list<string>({
      start: this.#publicationKey(stream, meta.epoch, since.offset + 1),
      end: this.#publicationKey(stream, meta.epoch, meta.offset + 1),
    });
    for await (const { key, value } of entries) {
      const offset = Number(key.at(-1));
      if (offset !== since.offset + 1 + publications.length) return none;
      publications.push({ offset, payload: value });
    }
    return publications.length === meta.offset - since.offset
      ? { recovered: true, publications, latest }
      : none;
  }

  async #ensure(stream: string, options: HistoryOptions): Promise<StreamMeta> {
    while (true) {
      const entry = await this.#kv.get<StreamMeta>(this.#metaKey(stream));
      const live = this.#live(entry.value);
      if (live !== undefined) return live;
      const meta = this.#fresh(options.ttlMs);
      const { ok } = await this.#kv.atomic().check(entry)
        .set(this.#metaKey(stream), meta, { expireIn: options.ttlMs })
        .commit();
      if (ok) return meta;
    }
  }

  #live(meta: StreamMeta | null): StreamMeta | undefined {
    return meta !== null && meta.expiresAtMs > this.#clock() ? meta : undefined;
  }

  #fresh(ttlMs = 0): StreamMeta {
    return {
      epoch: crypto.randomUUID().slice(0, 8),
      offset: 0,
      expiresAtMs: this.#clock() + ttlMs,
    };
  }

  #metaKey(stream: string): Deno.KvKey {
    return [this.#prefix, "meta", stream];
  }

  #publicationKey(stream: string, epoch: string, offset: number): Deno.KvKey {
    return [this.#prefix, "publication", stream, epoch, offset];
  }
}
