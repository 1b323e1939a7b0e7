/**
 * The three ticket stores on real backends, behind one shape, so the same
 * tests run against each: a Map, Deno KV in a temporary file (several handles
 * on one database, as isolates on Deploy have), and a real redis-server.
 *
 * @module
 */
import type { TicketStore } from "../../src/auth/ticket_store.ts";
import { KvTicketStore } from "../../src/auth/ticket_store_kv.ts";
import { MemoryTicketStore } from "../../src/auth/ticket_store_memory.ts";
import { RedisTicketStore } from "../../src/auth/ticket_store_redis.ts";
import { startRedisServer } from "./redis_server.ts";

/**
 * One backend, opened by {@link TicketStoreBackend.open}; `await using`
 * closes it at the end of the scope.
 */
export interface OpenTicketBackend extends AsyncDisposable {
  /**
   * Another store on the same backend: a new KV handle or Redis connection
   * (the same Map for memory), as a second isolate or machine would have.
   */
  handle(): Promise<TicketStore>;
  /** Closes every handle and stops the backend. */
  close(): Promise<void>;
}

/** A named way to open a backend. */
export interface TicketStoreBackend {
  /** "memory", "Deno KV" or "redis". */
  readonly name: string;
  /** Starts the backend. */
  open(): Promise<OpenTicketBackend>;
}

/**
 * Memory, Deno KV and Redis backends for table-driven tests.
 *
 * @example
 * ```ts
 * for (const backend of TICKET_STORE_BACKENDS) {
 *   Deno.test(`${backend.name}: ...`, async () => {
 *     await using opened = await backend.open();
 *     const store = await opened.handle();
 *   });
 * }
 * ```
 */
export const TICKET_STORE_BACKENDS: readonly TicketStoreBackend[] = [
  {
    name: "memory",
    open() {
      const store = new MemoryTicketStore();
      return Promise.resolve(disposable({
        handle: () => Promise.resolve(store),
        close: () => store.close(),
      }));
    },
  },
  {
    name: "Deno KV",
    async open() {
      const path = await Deno.makeTempFile({ suffix: ".sqlite" });
      const kvs: Deno.Kv[] = [];
      return disposable({
        async handle() {
          const kv = await Deno.openKv(path);
          kvs.push(kv);
          return new KvTicketStore(kv);
        },
        async close() {
          for (const kv of kvs) kv.close();
          await Deno.remove(path);
        },
      });
    },
  },
  {
    name: "redis",
    async open() {
      const redis = await startRedisServer();
      const stores: RedisTicketStore[] = [];
      return disposable({
        handle() {
          const store = new RedisTicketStore({ url: redis.url });
          stores.push(store);
          return Promise.resolve(store);
        },
        async close() {
          await Promise.all(stores.map((store) => store.close()));
          await redis.stop();
        },
      });
    },
  },
];

function disposable(
  backend: Omit<OpenTicketBackend, typeof Symbol.asyncDispose>,
): OpenTicketBackend {
  return { ...backend, [Symbol.asyncDispose]: () => backend.close() };
}
