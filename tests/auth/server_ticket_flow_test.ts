import {
  assert,
  assertEquals,
  assertStrictEquals,
} from "../_helpers/assert.ts";
import { serveWithAuth } from "../_helpers/auth_served.ts";
import { AdvancingClock } from "../_helpers/server_clock.ts";
import { TICKET_STORE_BACKENDS } from "../_helpers/auth_ticket_stores.ts";
import { openWsClient, type WsTestClient } from "../_helpers/ws_client.ts";
import { upgradeStatus } from "../_helpers/ws_raw.ts";

Deno.test("a ticket from the server's endpoint opens the connection as its user", async () => {
  const app = await serveWithAuth();
  try {
    const ticket = await app.ticket("alice");
    const client = await openWsClient(
      `${app.served.wsUrl}/chat?ticket=${ticket}`,
    );
    try {
      await client.nextOfType("welcome");
      client.send({ type: "join", data: { room: "lobby" } });
      assertEquals((await client.nextOfType("joined")).data, {
        room: "lobby",
        user: "alice",
      });
    } finally {
      await client.close();
    }
  } finally {
    await app.close();
  }
});

Deno.test("a reused ticket is refused with 401 and counted as unknown_ticket", async () => {
  const app = await serveWithAuth();
  try {
    const ticket = await app.ticket("alice");
    const path = `/chat?ticket=${ticket}`;
    assertStrictEquals(await upgradeStatus(app.served.port, path), 101);
    assertStrictEquals(await upgradeStatus(app.served.port, path), 401);
    assertStrictEquals(
      app.served.server.stats().authFailures.unknown_ticket,
      1,
    );
  } finally {
    await app.close();
  }
});

Deno.test("an expired ticket is refused with 401", async () => {
  const clock = new AdvancingClock();
  const app = await serveWithAuth({ tickets: { ttlMs: 100 }, clock });
  try {
    const ticket = await app.ticket("alice");
    clock.advance(100);
    assertStrictEquals(
      await upgradeStatus(app.served.port, `/chat?ticket=${ticket}`),
      401,
    );
    assertStrictEquals(
      app.served.server.stats().authFailures.expired_ticket,
      1,
    );
  } finally {
    await app.close();
  }
});

Deno.test("a refused token at the ticket endpoint gets 401 and is counted in the server's stats", async () => {
  const app = await serveWithAuth();
  try {
    const response = await app.requestTicket(await app.token("alice", -120));
    await response.body?.cancel();
    assertStrictEquals(response.status, 401);
    assertStrictEquals(app.served.server.stats().authFailures.expired, 1);
    const logged = app.served.logs.find((event) =>
      event.kind === "auth_failed"
    );
    assertEquals(
      logged?.kind === "auth_failed" && [logged.stage, logged.reason],
      ["ticket", "expired"],
    );
  } finally {
    await app.close();
  }
});

Deno.test("a ticket bound to a route opens that route and is refused on others", async () => {
  const app = await serveWithAuth({ tickets: { bindRoute: true } });
  try {
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
  } finally {
    await app.close();
  }
});

for (const backend of TICKET_STORE_BACKENDS) {
  Deno.test(`${backend.name}: 20 clients racing with one ticket, exactly one gets in`, async () => {
    const opened = await backend.open();
    try {
      const app = await serveWithAuth({
        tickets: { store: await opened.handle() },
      });
      const clients: WsTestClient[] = [];
      try {
        const url = `${app.served.wsUrl}/chat?ticket=${await app.ticket(
          "alice",
        )}`;
        const attempts = await Promise.allSettled(
          Array.from({ length: 20 }, () => openWsClient(url)),
        );
        for (const attempt of attempts) {
          if (attempt.status === "fulfilled") clients.push(attempt.value);
        }
        assertStrictEquals(clients.length, 1);
        assertStrictEquals(
          app.served.server.stats().authFailures.unknown_ticket,
          19,
        );
      } finally {
        await Promise.all(clients.map((client) => client.close()));
        await app.close();
      }
    } finally {
      await opened.close();
    }
  });
}

for (
  const backend of TICKET_STORE_BACKENDS.filter((b) => b.name !== "memory")
) {
  Deno.test(`${backend.name}: a ticket issued by one server is redeemed once on another sharing the store`, async () => {
    const opened = await backend.open();
    try {
      const issuer = await serveWithAuth({
        tickets: { store: await opened.handle() },
      });
      const redeemer = await serveWithAuth({
        tickets: { store: await opened.handle() },
        key: issuer.key,
      });
      try {
        const path = `/chat?ticket=${await issuer.ticket("alice")}`;
        assertStrictEquals(
          await upgradeStatus(redeemer.served.port, path),
          101,
        );
        assertStrictEquals(await upgradeStatus(issuer.served.port, path), 401);
      } finally {
        await redeemer.close();
        await issuer.close();
      }
    } finally {
      await opened.close();
    }
  });
}

Deno.test("a JWT put in the URL is not accepted at the upgrade; only the opaque ticket is", async () => {
  const app = await serveWithAuth({ firstMessage: false });
  try {
    const ticket = await app.ticket("alice");
    assert(!ticket.includes("."), "a ticket is opaque, not a JWT");
    assertStrictEquals(
      await upgradeStatus(
        app.served.port,
        `/chat?token=${await app.token("alice")}`,
      ),
      401,
    );
  } finally {
    await app.close();
  }
});
