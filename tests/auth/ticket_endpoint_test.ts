import {
  type Authenticator,
  createAuthenticator,
} from "../../src/auth/authenticator.ts";
import type { TicketOptions } from "../../src/auth/authenticator_options.ts";
import { createJwtVerifier } from "../../src/auth/jwt_verifier.ts";
import type { TicketStore } from "../../src/auth/ticket_store.ts";
import { MemoryTicketStore } from "../../src/auth/ticket_store_memory.ts";
import { RedisTicketStore } from "../../src/auth/ticket_store_redis.ts";
import {
  assert,
  assertEquals,
  assertMatch,
  assertStrictEquals,
} from "../_helpers/assert.ts";
import {
  makeTestKey,
  signTestToken,
  type TestKey,
} from "../_helpers/auth_tokens.ts";

interface Endpoint {
  readonly url: string;
  readonly key: TestKey;
  readonly store: TicketStore;
  readonly authenticator: Authenticator;
  /** Reasons passed to the failure callback, in order. */
  readonly failures: string[];
}

/** Serves only the ticket endpoint on a real Deno.serve. */
async function withEndpoint(
  body: (endpoint: Endpoint) => Promise<void>,
  tickets: TicketOptions = {},
): Promise<void> {
  const key = await makeTestKey("ES256");
  const store = tickets.store ?? new MemoryTicketStore();
  const authenticator = createAuthenticator({
    verifier: createJwtVerifier({ algorithms: ["ES256"], key: key.verifyKey }),
    tickets: { ...tickets, store },
  });
  const failures: string[] = [];
  const { promise: port, resolve } = Promise.withResolvers<number>();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: (addr) => resolve(addr.port) },
    (request) =>
      authenticator.handleTicketRequest(
        request,
        (error) => failures.push(error.code),
      ),
  );
  try {
    const url = `http://127.0.0.1:${await port}/auth/ticket`;
    await body({ url, key, store, authenticator, failures });
  } finally {
    await server.shutdown();
  }
}

function post(
  url: string,
  token: string | undefined,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: token === undefined
      ? headers
      : { authorization: `Bearer ${token}`, ...headers },
  });
}

Deno.test("a valid bearer token is exchanged for a one-time ticket", async () => {
  await withEndpoint(async ({ url, key, store }) => {
    const response = await post(
      url,
      await signTestToken(key, { sub: "alice" }),
    );
    assertStrictEquals(response.status, 200);
    assertStrictEquals(response.headers.get("cache-control"), "no-store");
    const { ticket, expiresAt } = await response.json();
    assertMatch(ticket, /^[A-Za-z0-9_-]{43}$/);
    const lifetimeMs = Date.parse(expiresAt) - Date.now();
    assert(
      lifetimeMs > 20_000 && lifetimeMs <= 30_000,
      `lifetime ${lifetimeMs}`,
    );
    const record = await store.take(ticket);
    assertStrictEquals(record?.sub, "alice");
  });
});

Deno.test("a ticket never outlives the token it was exchanged for", async () => {
  await withEndpoint(async ({ url, key }) => {
    const token = await signTestToken(key, { sub: "alice" }, {
      expiresInSeconds: 10,
    });
    const { expiresAt } = await (await post(url, token)).json();
    const lifetimeMs = Date.parse(expiresAt) - Date.now();
    assert(lifetimeMs <= 10_000, `lifetime ${lifetimeMs} exceeds the token's`);
  });
});

Deno.test("a bad token gets 401 without saying why, and the reason reaches the callback", async () => {
  await withEndpoint(async ({ url, key, failures }) => {
    const expired = await signTestToken(key, { sub: "alice" }, {
      expiresInSeconds: -120,
    });
    const forged = await signTestToken(await makeTestKey("ES256"), {
      sub: "alice",
    });
    const bodies = [];
    for (const token of [expired, forged]) {
      const response = await post(url, token);
      assertStrictEquals(response.status, 401);
      assertStrictEquals(response.headers.get("www-authenticate"), "Bearer");
      bodies.push(await response.json());
    }
    assertEquals(bodies[0], bodies[1]);
    assertEquals(failures, ["expired", "bad_signature"]);
  });
});

Deno.test("a request without a bearer token gets 401", async () => {
  await withEndpoint(async ({ url, failures }) => {
    const response = await post(url, undefined, {
      authorization: "Basic eDp5",
    });
    await response.body?.cancel();
    assertStrictEquals(response.status, 401);
    assertEquals(failures, ["missing"]);
  });
});

Deno.test("a GET to the ticket endpoint gets 405 naming POST", async () => {
  await withEndpoint(async ({ url }) => {
    const response = await fetch(url);
    await response.body?.cancel();
    assertStrictEquals(response.status, 405);
    assertStrictEquals(response.headers.get("allow"), "POST");
  });
});

Deno.test("with route binding, a ticket request without ?route= gets 400", async () => {
  await withEndpoint(async ({ url, key }) => {
    const response = await post(url, await signTestToken(key, { sub: "a" }));
    const body = await response.json();
    assertStrictEquals(response.status, 400);
    assertMatch(body.message, /\?route=/);
  }, { bindRoute: true });
});

Deno.test("with route and origin binding, the ticket records both", async () => {
  await withEndpoint(async ({ url, key, store }) => {
    const response = await post(
      `${url}?route=/chat`,
      await signTestToken(key, { sub: "alice" }),
      { origin: "https://app.example" },
    );
    const { ticket } = await response.json();
    const record = await store.take(ticket);
    assertEquals([record?.route, record?.origin], [
      "/chat",
      "https://app.example",
    ]);
  }, { bindRoute: true, bindOrigin: true });
});

Deno.test("a ticket store that cannot be reached gets 503, not 401", async () => {
  // Nothing listens on port 1: a real connection failure.
  const unreachable = new RedisTicketStore({ url: "redis://127.0.0.1:1" });
  try {
    await withEndpoint(async ({ url, key, failures }) => {
      const response = await post(url, await signTestToken(key, { sub: "a" }));
      await response.body?.cancel();
      assertStrictEquals(response.status, 503);
      assertEquals(failures, ["store_unavailable"]);
    }, { store: unreachable });
  } finally {
    await unreachable.close();
  }
});

Deno.test("with tickets off, the ticket endpoint does not exist", async () => {
  const key = await makeTestKey("HS256");
  const authenticator = createAuthenticator({
    verifier: createJwtVerifier({ algorithms: ["HS256"], key: key.verifyKey }),
    tickets: false,
  });
  assertStrictEquals(authenticator.ticketPath, undefined);
  const response = await authenticator.handleTicketRequest(
    new Request("http://localhost/auth/ticket", { method: "POST" }),
  );
  assertStrictEquals(response.status, 404);
});
