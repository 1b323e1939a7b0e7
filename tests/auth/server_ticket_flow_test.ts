import {
  assert,
  assertEquals,
  assertStrictEquals,
} from "../_helpers/assert.ts";
import { type AuthServed, serveWithAuth } from "../_helpers/auth_served.ts";
import { makeTestKey, signTestToken } from "../_helpers/auth_tokens.ts";
import { AdvancingClock } from "../_helpers/server_clock.ts";
import { TICKET_STORE_BACKENDS } from "../_helpers/auth_ticket_stores.ts";
import { openWsClient } from "../_helpers/ws_client.ts";
import { upgradeStatus } from "../_helpers/ws_raw.ts";
import { chatProtocolInfo } from "../../protocol/gen/chat_protocol.ts";
import { CloseCode } from "../../src/wire/close_codes.ts";
import { versionSubprotocol } from "../../src/wire/version.ts";

Deno.test("a ticket from the server's endpoint opens the connection as its user", async () => {
  await using app = await serveWithAuth();
  const ticket = await app.ticket("alice");
  await using client = await openWsClient(
    `${app.served.wsUrl}/chat?ticket=${ticket}`,
  );
  await client.nextOfType("welcome");
  client.send({ type: "join", data: { room: "lobby" } });
  assertEquals((await client.nextOfType("joined")).data, {
    room: "lobby",
    user: "alice",
  });
});

Deno.test("a reused ticket is refused with 401 before any upgrade, counted and logged as unknown_ticket", async () => {
  await using app = await serveWithAuth();
  const ticket = await app.ticket("alice");
  const path = `/chat?ticket=${ticket}`;
  assertStrictEquals(await upgradeStatus(app.served.port, path), 101);
  assertStrictEquals(await upgradeStatus(app.served.port, path), 401);
  const stats = app.served.server.stats();
  assertStrictEquals(stats.authFailures.unknown_ticket, 1);
  assertStrictEquals(stats.rejectedConnections.unauthenticated, 1);
  assertEquals(authFailuresLogged(app), [["upgrade", "unknown_ticket"]]);
});

Deno.test("a generated client's spent ticket is told over the socket: upgraded, then closed with 4401, counted and logged like a 401", async () => {
  await using app = await serveWithAuth();
  const ticket = await app.ticket("alice");
  const path = `/chat?ticket=${ticket}`;
  assertStrictEquals(await upgradeStatus(app.served.port, path), 101);
  // It offers its version, as every generated client does.
  await using client = await openWsClient(
    `${app.served.wsUrl}${path}`,
    versionSubprotocol(chatProtocolInfo.version),
  );
  const closed = await client.closed;
  assertEquals(
    [closed.code, closed.reason],
    [CloseCode.Unauthenticated, "unauthenticated"],
  );
  assertEquals(client.received, []);
  const stats = app.served.server.stats();
  assertStrictEquals(stats.authFailures.unknown_ticket, 1);
  assertStrictEquals(stats.rejectedConnections.unauthenticated, 1);
});

Deno.test("an expired ticket is refused with 401", async () => {
  const clock = new AdvancingClock();
  await using app = await serveWithAuth({ tickets: { ttlMs: 100 }, clock });
  const ticket = await app.ticket("alice");
  clock.advance(100);
  assertStrictEquals(
    await upgradeStatus(app.served.port, `/chat?ticket=${ticket}`),
    401,
  );
  assertStrictEquals(app.served.server.stats().authFailures.expired_ticket, 1);
});

Deno.test("a refused token at the ticket endpoint gets 401, and its reason is counted and logged", async () => {
  await using app = await serveWithAuth();
  const expired = await app.requestTicket(await app.token("alice", -120));
  await expired.body?.cancel();
  assertStrictEquals(expired.status, 401);
  const forgedToken = await signTestToken(await makeTestKey("ES256"), {
    sub: "eve",
  });
  const forged = await app.requestTicket(forgedToken);
  await forged.body?.cancel();
  assertStrictEquals(forged.status, 401);
  const { authFailures } = app.served.server.stats();
  assertEquals([authFailures.expired, authFailures.bad_signature], [1, 1]);
  assertEquals(authFailuresLogged(app), [
    ["ticket", "expired"],
    ["ticket", "bad_signature"],
  ]);
});

Deno.test("a ticket bound to a route opens that route and is refused on others", async () => {
  await using app = await serveWithAuth({ tickets: { bindRoute: true } });
  const forChat = await app.ticket("alice", "?route=/chat");
  const forOther = await app.ticket("alice", "?route=/admin");
  assertStrictEquals(
    await upgradeStatus(app.served.port, `/chat?ticket=${forChat}`),
    101,
  );
  assertStrictEquals(
    await upgradeStatus(app.served.port, `/chat?ticket=${forOther}`),
    401,
  );
  assertStrictEquals(
    app.served.server.stats().authFailures.ticket_mismatch,
    1,
  );
});

for (const backend of TICKET_STORE_BACKENDS) {
  Deno.test(`${backend.name}: 20 clients racing with one ticket, exactly one gets in`, async () => {
    await using opened = await backend.open();
    await using app = await serveWithAuth({
      tickets: { store: await opened.handle() },
    });
    await using clients = new AsyncDisposableStack();
    const url = `${app.served.wsUrl}/chat?ticket=${await app.ticket("alice")}`;
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, () => openWsClient(url)),
    );
    const opens = attempts.filter((attempt) => attempt.status === "fulfilled");
    for (const { value } of opens) clients.use(value);
    assertStrictEquals(opens.length, 1);
    assertStrictEquals(
      app.served.server.stats().authFailures.unknown_ticket,
      19,
    );
  });
}

for (
  const backend of TICKET_STORE_BACKENDS.filter((b) => b.name !== "memory")
) {
  Deno.test(`${backend.name}: a ticket issued by one server is redeemed once on another sharing the store`, async () => {
    await using opened = await backend.open();
    await using issuer = await serveWithAuth({
      tickets: { store: await opened.handle() },
    });
    await using redeemer = await serveWithAuth({
      tickets: { store: await opened.handle() },
      key: issuer.key,
    });
    const path = `/chat?ticket=${await issuer.ticket("alice")}`;
    assertStrictEquals(await upgradeStatus(redeemer.served.port, path), 101);
    assertStrictEquals(await upgradeStatus(issuer.served.port, path), 401);
  });
}

Deno.test("a JWT put in the URL is not accepted at the upgrade; only the opaque ticket is", async () => {
  await using app = await serveWithAuth({ firstMessage: false });
  const ticket = await app.ticket("alice");
  assert(!ticket.includes("."), "a ticket is opaque, not a JWT");
  assertStrictEquals(
    await upgradeStatus(
      app.served.port,
      `/chat?token=${await app.token("alice")}`,
    ),
    401,
  );
});

/** `[stage, reason]` of every auth failure the server logged, in order. */
function authFailuresLogged(app: AuthServed): [string, string][] {
  return app.served.logs.flatMap((event) =>
    event.kind === "auth_failed" ? [[event.stage, event.reason]] : []
  );
}
