import {
  isTicketShaped,
  newTicket,
  type TicketRecord,
} from "../../src/auth/ticket_store.ts";
import { KvTicketStore } from "../../src/auth/ticket_store_kv.ts";
import { RedisTicketStore } from "../../src/auth/ticket_store_redis.ts";
import {
  assertEquals,
  assertNotEquals,
  assertRejects,
  assertStrictEquals,
  assertThrows,
} from "../_helpers/assert.ts";
import { TICKET_STORE_BACKENDS } from "../_helpers/auth_ticket_stores.ts";
import { startRedisServer } from "../_helpers/redis_server.ts";
import { assertOptionError } from "../_helpers/option_error.ts";
import { closeOnDispose } from "../_helpers/disposable.ts";
import { createClient } from "redis";

function record(sub = "alice"): TicketRecord {
  return {
    sub,
    claims: { sub, exp: Math.floor(Date.now() / 1000) + 300, role: "admin" },
    route: "/chat",
    expiresAt: Date.now() + 30_000,
  };
}

Deno.test("tickets are 43 base64url characters and never repeat", () => {
  const tickets = new Set(Array.from({ length: 1000 }, newTicket));
  assertStrictEquals(tickets.size, 1000);
  for (const ticket of tickets) {
    assertStrictEquals(isTicketShaped(ticket), true);
  }
});

for (const backend of TICKET_STORE_BACKENDS) {
  Deno.test(`${backend.name}: a ticket taken once yields its record, then nothing`, async () => {
    await using opened = await backend.open();
    const store = await opened.handle();
    const ticket = newTicket();
    const issued = record();
    await store.put(ticket, issued, 30_000);
    assertEquals(await store.take(ticket), issued);
    assertStrictEquals(await store.take(ticket), undefined);
  });

  Deno.test(`${backend.name}: a ticket put on one handle is taken on another`, async () => {
    await using opened = await backend.open();
    const issuer = await opened.handle();
    const redeemer = await opened.handle();
    const ticket = newTicket();
    await issuer.put(ticket, record("bob"), 30_000);
    assertStrictEquals((await redeemer.take(ticket))?.sub, "bob");
  });

  Deno.test(`${backend.name}: an unknown ticket is taken as undefined`, async () => {
    await using opened = await backend.open();
    const store = await opened.handle();
    assertStrictEquals(await store.take(newTicket()), undefined);
  });

  Deno.test(`${backend.name}: putting a ticket that exists is refused`, async () => {
    await using opened = await backend.open();
    const store = await opened.handle();
    const ticket = newTicket();
    await store.put(ticket, record("alice"), 30_000);
    await assertRejects(store.put(ticket, record("mallory"), 30_000));
    assertStrictEquals((await store.take(ticket))?.sub, "alice");
  });

  Deno.test(`${backend.name}: of 20 concurrent takes of one ticket exactly one wins`, async () => {
    await using opened = await backend.open();
    const handles = await Promise.all(
      Array.from({ length: 20 }, () => opened.handle()),
    );
    const ticket = newTicket();
    await handles[0].put(ticket, record(), 30_000);
    const taken = await Promise.all(
      handles.map((store) => store.take(ticket)),
    );
    const winners = taken.filter((result) => result !== undefined);
    assertStrictEquals(winners.length, 1);
    assertStrictEquals(winners[0]?.sub, "alice");
  });
}

Deno.test("redis: a ticket is gone once its ttl has passed", async () => {
  await using redis = await startRedisServer();
  await using store = closeOnDispose(new RedisTicketStore({ url: redis.url }));
  await using subscriber = closeOnDispose(createClient({ url: redis.url }));
  await subscriber.connect();
  // Redis announces each key it expires: the event that the ttl has passed
  // by Redis's own clock, instead of a sleep that hopes it has.
  await subscriber.configSet("notify-keyspace-events", "Ex");
  let expired = (_key: string) => {};
  const expiredKey = new Promise<string>((resolve) => expired = resolve);
  await subscriber.subscribe("__keyevent@0__:expired", (key) => expired(key));
  const ticket = newTicket();
  await store.put(ticket, record(), 50);
  assertStrictEquals(
    await withinMs(expiredKey, 10_000),
    `wiretype:ticket:${ticket}`,
  );
  assertStrictEquals(await store.take(ticket), undefined);
});

/** `promise`, or a failure after `timeoutMs`. */
async function withinMs<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`nothing within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

Deno.test("redis: a store whose server is down fails its calls instead of hanging", async () => {
  await using store = closeOnDispose(
    new RedisTicketStore({ url: "redis://127.0.0.1:1" }),
  );
  await assertRejects(store.take(newTicket()));
});

Deno.test("a Redis store without a redis:// URL cannot be created", () => {
  assertThrows(
    () => new RedisTicketStore({ url: "http://127.0.0.1:6379" }),
    {
      name: "TypeError",
      message:
        'RedisTicketStore: url must be a redis:// or rediss:// URL, got "http://127.0.0.1:6379"',
    },
  );
});

Deno.test("a KV store without a Deno.Kv, or with a key prefix that is not a key, is a TypeError", async () => {
  assertOptionError(
    () => new KvTicketStore(undefined as unknown as Deno.Kv),
    TypeError,
    "KvTicketStore: kv must be a Deno.Kv from Deno.openKv()",
  );
  const kv = await Deno.openKv(":memory:");
  try {
    assertOptionError(
      () =>
        new KvTicketStore(kv, {
          keyPrefix: "tickets" as unknown as Deno.KvKey,
        }),
      TypeError,
      'KvTicketStore: keyPrefix must be a Deno.KvKey such as ["app", "tickets"], got "tickets"',
    );
  } finally {
    kv.close();
  }
});

Deno.test("a Redis store's key prefix must be a string", () => {
  assertOptionError(
    () =>
      new RedisTicketStore({
        url: "redis://127.0.0.1:6379",
        keyPrefix: 7 as unknown as string,
      }),
    TypeError,
    "RedisTicketStore: keyPrefix must be a string, got 7",
  );
});

Deno.test("a KV store keeps tickets under its key prefix", async () => {
  await using kv = closeOnDispose(await Deno.openKv(":memory:"));
  const store = new KvTicketStore(kv, { keyPrefix: ["app", "tickets"] });
  const ticket = newTicket();
  await store.put(ticket, record(), 30_000);
  const entry = await kv.get(["app", "tickets", ticket]);
  assertNotEquals(entry.versionstamp, null);
});

Deno.test("a misspelled ticket store option is a TypeError suggesting the option", async () => {
  assertOptionError(
    () =>
      new RedisTicketStore(
        {
          url: "redis://127.0.0.1:6379",
          keyPrefx: "app:",
        } as unknown as ConstructorParameters<typeof RedisTicketStore>[0],
      ),
    TypeError,
    "RedisTicketStore: keyPrefx is not an option (did you mean keyPrefix?); known options: url, keyPrefix",
  );
  const kv = await Deno.openKv(":memory:");
  try {
    assertOptionError(
      () =>
        new KvTicketStore(
          kv,
          { prefix: ["app"] } as ConstructorParameters<
            typeof KvTicketStore
          >[1],
        ),
      TypeError,
      "KvTicketStore: prefix is not an option; known options: keyPrefix",
    );
  } finally {
    kv.close();
  }
});
