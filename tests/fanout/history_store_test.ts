import { assert, assertEquals } from "../_helpers/assert.ts";
import { startRedisServer } from "../_helpers/redis_server.ts";
import { assertOptionError } from "../_helpers/option_error.ts";
import { closeOnDispose } from "../_helpers/disposable.ts";
import { createClient } from "redis";
import type { HistoryStore } from "../../src/fanout/history_store.ts";
import { MemoryHistoryStore } from "../../src/fanout/history_store_memory.ts";
import { RedisHistoryStore } from "../../src/fanout/history_store_redis.ts";
import { KvHistoryStore } from "../../src/fanout/history_store_kv.ts";

const OPTIONS = { size: 3, ttlMs: 60_000 };

/** `value` with a `stop` that `await using` calls at the end of the scope. */
function stoppable<T extends object>(
  value: T,
  stop: () => Promise<void>,
): T & AsyncDisposable {
  return { ...value, [Symbol.asyncDispose]: stop };
}

/** The same behaviours, for each store. */
const stores: Record<
  string,
  () => Promise<{ store: HistoryStore } & AsyncDisposable>
> = {
  memory: () => {
    const store = new MemoryHistoryStore();
    return Promise.resolve(stoppable({ store }, () => store.close()));
  },
  kv: async () => {
    const kv = await Deno.openKv(":memory:");
    const store = new KvHistoryStore(kv);
    return stoppable({ store }, async () => {
      await store.close();
      kv.close();
    });
  },
  redis: async () => {
    const redis = await startRedisServer();
    const store = new RedisHistoryStore({ url: redis.url });
    return stoppable({ store }, async () => {
      await store.close();
      await redis.stop();
    });
  },
};

for (const [name, open] of Object.entries(stores)) {
  Deno.test(`${name} history: offsets go up by one per publication, and everything after a position is read back in order`, async () => {
    await using opened = await open();
    const { store } = opened;
    const start = await store.latest("s", OPTIONS);
    assertEquals(start.offset, 0);
    const positions = [];
    for (const text of ["a", "b", "c"]) {
      positions.push(await store.append("s", text, OPTIONS));
    }
    assertEquals(positions.map((p) => p.offset), [1, 2, 3]);
    assert(positions.every((p) => p.epoch === start.epoch));
    const read = await store.readSince(
      "s",
      { offset: 1, epoch: start.epoch },
      OPTIONS,
    );
    assertEquals(read, {
      recovered: true,
      publications: [{ offset: 2, payload: "b" }, {
        offset: 3,
        payload: "c",
      }],
      latest: { offset: 3, epoch: start.epoch },
    });
    const upToDate = await store.readSince("s", positions[2], OPTIONS);
    assertEquals([upToDate.recovered, upToDate.publications], [true, []]);
  });

  Deno.test(`${name} history: a position whose next publication was trimmed is not recovered, and nothing is returned`, async () => {
    await using opened = await open();
    const { store } = opened;
    const { epoch } = await store.latest("s", OPTIONS);
    for (const text of ["a", "b", "c", "d", "e"]) {
      await store.append("s", text, OPTIONS);
    }
    const read = await store.readSince("s", { offset: 1, epoch }, OPTIONS);
    assertEquals(read, {
      recovered: false,
      publications: [],
      latest: { offset: 5, epoch },
    });
    // Size 3 keeps 3, 4 and 5: from offset 2 everything is there.
    assertEquals(
      (await store.readSince("s", { offset: 2, epoch }, OPTIONS)).publications
        .map((p) => p.payload),
      ["c", "d", "e"],
    );
  });

  Deno.test(`${name} history: a position of another epoch, or ahead of the stream, is not recovered`, async () => {
    await using opened = await open();
    const { store } = opened;
    const { epoch } = await store.append("s", "a", OPTIONS);
    assertEquals(
      (await store.readSince("s", { offset: 0, epoch: "other" }, OPTIONS))
        .recovered,
      false,
    );
    assertEquals(
      (await store.readSince("s", { offset: 9, epoch }, OPTIONS)).recovered,
      false,
    );
  });

  Deno.test(`${name} history: streams are kept apart`, async () => {
    await using opened = await open();
    const { store } = opened;
    await store.append("one", "a", OPTIONS);
    const other = await store.append("two", "b", OPTIONS);
    assertEquals(other.offset, 1);
  });
}

Deno.test("memory history: a stream expires ttlMs after its latest publication and comes back with a new epoch", async () => {
  let nowMs = 1_000_000;
  const store = new MemoryHistoryStore({ clock: () => nowMs });
  try {
    const first = await store.append("s", "a", { size: 10, ttlMs: 1_000 });
    nowMs += 1_001;
    const read = await store.readSince("s", first, { size: 10, ttlMs: 1_000 });
    assertEquals(read.recovered, false);
    assert(read.latest.epoch !== first.epoch);
    assertEquals(read.latest.offset, 0);
  } finally {
    await store.close();
  }
});

Deno.test("memory history: a stream appended to many times its size reads back its newest publications in order", async () => {
  const store = new MemoryHistoryStore();
  for (let index = 1; index <= 3 * OPTIONS.size + 1; index++) {
    await store.append("s", `m${index}`, OPTIONS);
  }
  const { epoch, offset } = await store.latest("s", OPTIONS);
  assertEquals(offset, 10);
  const read = await store.readSince("s", { offset: 7, epoch }, OPTIONS);
  assertEquals(read.recovered, true);
  assertEquals(read.publications, [
    { offset: 8, payload: "m8" },
    { offset: 9, payload: "m9" },
    { offset: 10, payload: "m10" },
  ]);
  assertEquals(
    (await store.readSince("s", { offset: 6, epoch }, OPTIONS)).recovered,
    false,
  );
});

Deno.test("memory history: when a stream's size shrinks, its newest publications are kept", async () => {
  const store = new MemoryHistoryStore();
  const large = { size: 5, ttlMs: 60_000 };
  const small = { size: 2, ttlMs: 60_000 };
  for (let index = 1; index <= 4; index++) {
    await store.append("s", `m${index}`, large);
  }
  await store.append("s", "m5", small);
  const { epoch } = await store.latest("s", small);
  const read = await store.readSince("s", { offset: 3, epoch }, small);
  assertEquals(read.publications, [
    { offset: 4, payload: "m4" },
    { offset: 5, payload: "m5" },
  ]);
  assertEquals(
    (await store.readSince("s", { offset: 2, epoch }, small)).recovered,
    false,
  );
});

Deno.test("redis history: after Redis restarts without its data, the epoch changes and older positions are not recovered", async () => {
  const first = await startRedisServer();
  let redis = first;
  const store = new RedisHistoryStore({ url: first.url });
  try {
    const before = await store.append("s", "a", OPTIONS);
    await redis.stop();
    redis = await startRedisServer({ port: first.port });
    // The client reconnects by itself; a call may fail while it does.
    let read;
    for (let attempt = 0; read === undefined; attempt++) {
      read = await store.readSince("s", before, OPTIONS).catch((error) => {
        if (attempt > 50) throw error;
        return new Promise<undefined>((resolve) => setTimeout(resolve, 100));
      });
    }
    assertEquals(read.recovered, false);
    assert(read.latest.epoch !== before.epoch);
  } finally {
    await store.close();
    await redis.stop();
  }
});

Deno.test("redis history: appends run the script by its hash, and go on with consecutive offsets after Redis forgets it", async () => {
  await using redis = await startRedisServer();
  await using store = closeOnDispose(new RedisHistoryStore({ url: redis.url }));
  await using admin = closeOnDispose(createClient({ url: redis.url }));
  await admin.connect();
  const first = await store.append("s", "a", OPTIONS);
  await store.append("s", "b", OPTIONS);
  await admin.sendCommand(["SCRIPT", "FLUSH"]);
  const third = await store.append("s", "c", OPTIONS);
  const fourth = await store.append("s", "d", OPTIONS);
  assertEquals(
    [third.offset, fourth.offset],
    [first.offset + 2, first.offset + 3],
  );
  assertEquals(third.epoch, first.epoch);
  // Two appends ran by hash; the first and the one after the flush sent the text.
  const stats = String(await admin.sendCommand(["INFO", "commandstats"]));
  const calls = (command: string) =>
    Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
  assertEquals([calls("eval"), calls("evalsha") >= 2], [2, true]);
});

Deno.test("redis history: while Redis is unreachable a call fails within its timeout instead of waiting", async () => {
  const redis = await startRedisServer();
  const port = redis.port;
  await redis.stop();
  const store = new RedisHistoryStore({ url: `redis://127.0.0.1:${port}` });
  try {
    const startedMs = performance.now();
    const error = await store.append("s", "a", OPTIONS).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert(error instanceof Error);
    assert(performance.now() - startedMs < 8_000);
  } finally {
    await store.close();
  }
});

Deno.test("a bad Redis history option is refused with a TypeError naming it", () => {
  assertOptionError(
    () => new RedisHistoryStore({ url: "http://user:secret@x" }),
    TypeError,
    'RedisHistoryStore: url must be a redis:// or rediss:// URL, got "http://***@x"',
  );
  assertOptionError(
    () => new RedisHistoryStore({ url: "redis://x", keyPrefix: "a b" }),
    TypeError,
    'RedisHistoryStore: keyPrefix must be letters, digits and _ . : - only, got "a b"',
  );
});

Deno.test("a KV history store without a Deno.Kv, or with a clock that is not a function, is a TypeError", () => {
  assertOptionError(
    () => new KvHistoryStore({} as Deno.Kv),
    TypeError,
    "KvHistoryStore: kv must be a Deno.Kv from Deno.openKv()",
  );
  assertOptionError(
    () => new MemoryHistoryStore({ clock: "now" as unknown as () => number }),
    TypeError,
    'MemoryHistoryStore: clock must be a function, got "now"',
  );
});

Deno.test("a KV history store's prefix must be a non-empty string", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    assertOptionError(
      () => new KvHistoryStore(kv, { prefix: "" }),
      TypeError,
      'KvHistoryStore: prefix must be a non-empty string, got ""',
    );
  } finally {
    kv.close();
  }
});

/** Two nodes' stores on one shared backend, for the stores that span nodes. */
const sharedStores: Record<
  string,
  () => Promise<{ nodes: HistoryStore[] } & AsyncDisposable>
> = {
  // One database file, a handle per node, as `deno serve --parallel`
  // workers have: writers meet "database is locked" and must retry.
  kv: async () => {
    const path = await Deno.makeTempFile({ suffix: ".sqlite" });
    const kvs = await Promise.all([Deno.openKv(path), Deno.openKv(path)]);
    return stoppable(
      { nodes: kvs.map((kv) => new KvHistoryStore(kv)) },
      async () => {
        for (const kv of kvs) kv.close();
        await Deno.remove(path);
      },
    );
  },
  redis: async () => {
    const redis = await startRedisServer();
    const nodes = [0, 1].map(() => new RedisHistoryStore({ url: redis.url }));
    return stoppable({ nodes }, async () => {
      await Promise.all(nodes.map((node) => node.close()));
      await redis.stop();
    });
  },
};

for (const [name, open] of Object.entries(sharedStores)) {
  Deno.test(`${name} history: two nodes appending to one stream get consecutive offsets`, async () => {
    await using opened = await open();
    const { nodes } = opened;
    const offsets = await Promise.all(
      Array.from(
        { length: 20 },
        (_, index) => nodes[index % 2].append("s", String(index), OPTIONS),
      ),
    );
    assertEquals(
      offsets.map((p) => p.offset).sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, index) => index + 1),
    );
  });

  Deno.test(`${name} history: two nodes opening, reading and appending to many streams at once all succeed, in one epoch per stream`, async () => {
    await using opened = await open();
    const { nodes } = opened;
    // What a burst of connections does: a position per user stream, each
    // on whichever node took the connection, while rooms are published to.
    const streams = Array.from({ length: 40 }, (_, index) => `user:${index}`);
    const [latest, appended] = await Promise.all([
      Promise.all(
        streams.map((stream, index) =>
          nodes[index % 2].latest(stream, OPTIONS)
        ),
      ),
      Promise.all(
        streams.map((stream, index) =>
          nodes[(index + 1) % 2].append(stream, "{}", OPTIONS)
        ),
      ),
    ]);
    const reads = await Promise.all(
      streams.map((stream, index) =>
        nodes[index % 2].readSince(
          stream,
          { offset: 0, epoch: appended[index].epoch },
          OPTIONS,
        )
      ),
    );
    streams.forEach((stream, index) => {
      assertEquals(appended[index].offset, 1, stream);
      assert(latest[index].offset <= 1, stream);
      assertEquals(latest[index].epoch, appended[index].epoch, stream);
      assertEquals(reads[index].recovered, true, stream);
      assertEquals(reads[index].publications.length, 1, stream);
    });
  });
}

Deno.test("a misspelled history store option is a TypeError suggesting the option", async () => {
  assertOptionError(
    () =>
      new MemoryHistoryStore(
        { clok: Date.now } as ConstructorParameters<
          typeof MemoryHistoryStore
        >[0],
      ),
    TypeError,
    "MemoryHistoryStore: clok is not an option (did you mean clock?); known options: clock",
  );
  assertOptionError(
    () =>
      new RedisHistoryStore(
        {
          url: "redis://x",
          keyprefix: "app",
        } as ConstructorParameters<typeof RedisHistoryStore>[0],
      ),
    TypeError,
    "RedisHistoryStore: keyprefix is not an option (did you mean keyPrefix?); known options: url, keyPrefix",
  );
  const kv = await Deno.openKv(":memory:");
  try {
    assertOptionError(
      () =>
        new KvHistoryStore(
          kv,
          { prefx: "app" } as ConstructorParameters<
            typeof KvHistoryStore
          >[1],
        ),
      TypeError,
      "KvHistoryStore: prefx is not an option (did you mean prefix?); known options: prefix, clock",
    );
  } finally {
    kv.close();
  }
});
