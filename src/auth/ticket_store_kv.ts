import type { TicketRecord, TicketStore } from "./ticket_store.ts";
import { retryWhileLocked } from "../_kv_locked.ts";
import {
  checkKnownKeys,
  checkKv,
  checkObject,
  describeValue,
  optionKeys,
  optionTypeError,
} from "../_option_checks.ts";

const OWNER = "KvTicketStore";

/** Options of {@link KvTicketStore}. */
export interface KvTicketStoreOptions {
  /** Key prefix of the tickets. Default `["wiretype", "tickets"]`. */
  readonly keyPrefix?: Deno.KvKey;
}

const OPTION_KEYS = optionKeys<KvTicketStoreOptions>({ keyPrefix: true });

const DEFAULT_KEY_PREFIX: Deno.KvKey = ["wiretype", "tickets"];

/**
 * Tickets in Deno KV, shared by every isolate of a Deno Deploy project (or
 * every process using the same KV file). Redemption is an atomic
 * check-and-delete on the entry's versionstamp, so of many concurrent
 * redemptions exactly one wins. `expireIn` only bounds storage: KV may
 * delete late, which is why the authenticator checks `expiresAt` itself.
 *
 * The store does not own `kv`: `close()` leaves it open for its owner.
 *
 * @example Usage
 * ```ts
 * import { createAuthenticator, createJwtVerifier, KvTicketStore } from "@wiretype/wiretype/auth";
 *
 * const kv = await Deno.openKv();
 * const auth = createAuthenticator({
 *   verifier: createJwtVerifier({ algorithms: ["HS256"], key: Deno.env.get("JWT_SECRET")! }),
 *   tickets: { store: new KvTicketStore(kv) },
 * });
 * ```
 */
export class KvTicketStore implements TicketStore {
  readonly #kv: Deno.Kv;
  readonly #keyPrefix: Deno.KvKey;

  /** Uses `kv`; tickets live under `options.keyPrefix`. */
  constructor(kv: Deno.Kv, options: KvTicketStoreOptions = {}) {
    this.#kv = checkKv(OWNER, kv);
    checkObject(OWNER, "options", options);
    checkKnownKeys(OWNER, "", options, OPTION_KEYS);
    const keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    if (!Array.isArray(keyPrefix)) {
      throw optionTypeError(
        OWNER,
        `keyPrefix must be a Deno.KvKey such as ["app", "tickets"], got ${
          describeValue(keyPrefix)
        }`,
      );
    }
    this.#keyPrefix = keyPrefix;
  }

  /** Stores `record` under `ticket`, failing if the key is taken. */
  async put(
    ticket: string,
    record: TicketRecord,
    ttlMs: number,
  ): Promise<void> {
    const key = [...this.#keyPrefix, ticket];
    const result = await retryWhileLocked(() =>
      this.#kv.atomic()
        .check({ key, versionstamp: null })
        .set(key, record, { expireIn: ttlMs })
        .commit()
    );
    if (!result.ok) throw new Error("ticket already exists");
  }

  /** Deletes the ticket if it is still the version read; only one taker wins. */
  async take(ticket: string): Promise<TicketRecord | undefined> {
    const key = [...this.#keyPrefix, ticket];
    return await retryWhileLocked(async () => {
      const entry = await this.#kv.get<TicketRecord>(key);
      if (entry.versionstamp === null) return undefined;
      const result = await this.#kv.atomic().check(entry).delete(key).commit();
      // A failed check means another taker deleted it first.
      return result.ok ? entry.value : undefined;
    });
  }

  /** Nothing to release: the caller owns `kv`. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
