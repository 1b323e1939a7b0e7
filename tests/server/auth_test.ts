import { assert, assertEquals } from "../_helpers/assert.ts";
import { serveForTest, type TestServer } from "../_helpers/server_harness.ts";
import {
  AdvancingClock,
  pingAfterClockMoved,
  withClock,
} from "../_helpers/server_clock.ts";
import { testChatRoute } from "../_helpers/server_chat.ts";
import {
  createTestAuth,
  fetchTicket,
  type TestAuth,
  type TestAuthOptions,
} from "../_helpers/server_authenticator.ts";
import { openWsClient } from "../_helpers/ws_client.ts";
import { upgradeStatus } from "../_helpers/ws_raw.ts";
import { CloseCode } from "../../src/wire/close_codes.ts";
import { ErrorCode } from "../../src/wire/protocol_error.ts";
import type { ServerOptions } from "@wiretype/wiretype/server";

async function withAuthServer(
  body: (served: TestServer, auth: TestAuth) => Promise<void>,
  options: Partial<ServerOptions> = {},
  authOptions: TestAuthOptions = {},
): Promise<void> {
  const auth = await createTestAuth(authOptions);
  const served = await serveForTest({
    routes: [testChatRoute()],
    auth: auth.authenticator,
    ...options,
  });
  try {
    await body(served, auth);
  } finally {
    await served.close();
  }
}

Deno.test("ticket flow: a ticket from the ticket endpoint opens the connection as its user", async () => {
  await withAuthServer(async (served, auth) => {
    const ticket = await fetchTicket(served.httpUrl, await auth.token("alice"));
    const client = await openWsClient(`${served.wsUrl}/chat?ticket=${ticket}`);
    try {
      await client.nextOfType("welcome");
      client.send({ type: "join", data: { room: "r" } });
      assertEquals((await client.nextOfType("joined")).data, {
        room: "r",
        user: "alice",
      });
    } finally {
      await client.close();
    }
  });
});

Deno.test("a reused ticket is refused with 401 before any upgrade, and the reason is counted", async () => {
  await withAuthServer(async (served, auth) => {
    const ticket = await fetchTicket(served.httpUrl, await auth.token("alice"));
    assertEquals(
      await upgradeStatus(served.port, `/chat?ticket=${ticket}`),
      101,
    );
    assertEquals(
      await upgradeStatus(served.port, `/chat?ticket=${ticket}`),
      401,
    );
    const stats = served.server.stats();
    assertEquals(stats.authFailures.unknown_ticket, 1);
    assertEquals(stats.rejectedConnections.unauthenticated, 1);
    const logged = served.logs.find((e) => e.kind === "auth_failed");
    assertEquals(
      logged?.kind === "auth_failed" && [logged.stage, logged.reason],
      ["upgrade", "unknown_ticket"],
    );
  });
});

Deno.test("without a ticket, a server without first-message auth answers 401", async () => {
  await withAuthServer(
    async (served) => {
      assertEquals(await upgradeStatus(served.port, "/chat"), 401);
      assertEquals(served.server.stats().authFailures.missing, 1);
    },
    {},
    { firstMessage: false },
  );
});

Deno.test("a route's authorize hook refuses a user with 403 before the upgrade", async () => {
  const auth = await createTestAuth();
  const served = await serveForTest({
    routes: [testChatRoute({ auth: (claims) => claims.role === "admin" })],
    auth: auth.authenticator,
  });
  try {
    const userTicket = await fetchTicket(
      served.httpUrl,
      await auth.token("bob"),
    );
    assertEquals(
      await upgradeStatus(served.port, `/chat?ticket=${userTicket}`),
      403,
    );
    const adminTicket = await fetchTicket(
      served.httpUrl,
      await auth.token("ann", 300, { role: "admin" }),
    );
    assertEquals(
      await upgradeStatus(served.port, `/chat?ticket=${adminTicket}`),
      101,
    );
    assertEquals(served.server.stats().authFailures.forbidden, 1);
  } finally {
    await served.close();
  }
});

Deno.test("a public route on a server with auth opens without credentials", async () => {
  await withAuthServer(
    async (served) => {
      const client = await openWsClient(`${served.wsUrl}/chat`);
      try {
        await client.nextOfType("welcome");
      } finally {
        await client.close();
      }
    },
    { routes: [testChatRoute({ auth: "public" })] },
    { firstMessage: false },
  );
});

Deno.test("connections beyond maxConnectionsPerUser are refused with 429", async () => {
  await withAuthServer(async (served, auth) => {
    const token = await auth.token("carol");
    const first = await openWsClient(
      `${served.wsUrl}/chat?ticket=${await fetchTicket(served.httpUrl, token)}`,
    );
    try {
      await first.nextOfType("welcome");
      const second = await fetchTicket(served.httpUrl, token);
      assertEquals(
        await upgradeStatus(served.port, `/chat?ticket=${second}`),
        429,
      );
      const other = await fetchTicket(served.httpUrl, await auth.token("dave"));
      assertEquals(
        await upgradeStatus(served.port, `/chat?ticket=${other}`),
        101,
      );
    } finally {
      await first.close();
    }
  }, { limits: { maxConnectionsPerUser: 1 } });
});

Deno.test("first-message auth: the token as first message opens the connection, welcome then the answer", async () => {
  await withAuthServer(async (served, auth) => {
    const client = await openWsClient(`${served.wsUrl}/chat`);
    try {
      client.send({
        type: "auth",
        id: 1,
        data: { token: await auth.token("erin", 120) },
      });
      assertEquals((await client.next()).type, "welcome");
      const answer = await client.next();
      assertEquals([answer.type, answer.id], ["auth", 1]);
      const { userId, expiresAt } = answer.data as {
        userId: string;
        expiresAt: string;
      };
      assertEquals(userId, "erin");
      assert(Math.abs(Date.parse(expiresAt) - (Date.now() + 120_000)) < 5_000);
      client.send({ type: "join", data: { room: "r" } });
      assertEquals((await client.nextOfType("joined")).data, {
        room: "r",
        user: "erin",
      });
    } finally {
      await client.close();
    }
  });
});

Deno.test("before authenticating, other messages get an unauthenticated error and are not handled", async () => {
  await withAuthServer(async (served, auth) => {
    const client = await openWsClient(`${served.wsUrl}/chat`);
    try {
      client.send({ type: "history", id: 5, data: { room: "r" } });
      const error = await client.next();
      assertEquals([error.type, error.id], ["error", 5]);
      assertEquals(
        (error.data as { code: string }).code,
        ErrorCode.Unauthenticated,
      );
      client.send({
        type: "auth",
        id: 6,
        data: { token: await auth.token("fay") },
      });
      assertEquals((await client.next()).type, "welcome");
    } finally {
      await client.close();
    }
  });
});

Deno.test("a connection that does not authenticate by its deadline is closed with 4408", async () => {
  await withAuthServer(
    async (served) => {
      const client = await openWsClient(`${served.wsUrl}/chat`);
      try {
        const startedMs = performance.now();
        const closed = await client.closed;
        assertEquals(closed.code, CloseCode.AuthTimeout);
        // The deadline counts from the upgrade, just before the client's open.
        assert(performance.now() - startedMs >= 150);
      } finally {
        await client.close();
      }
    },
    { heartbeat: { pingIntervalMs: 100 } },
    { firstMessageTimeoutMs: 300 },
  );
});

Deno.test("a bad first-message token gets an error and closes with 4401", async () => {
  await withAuthServer(async (served, auth) => {
    const client = await openWsClient(`${served.wsUrl}/chat`);
    try {
      client.send({
        type: "auth",
        id: 1,
        data: { token: await auth.forgedToken("mallory") },
      });
      const error = await client.next();
      assertEquals([error.type, error.id], ["error", 1]);
      const closed = await client.closed;
      assertEquals(closed.code, CloseCode.Unauthenticated);
      assertEquals(served.server.stats().authFailures.bad_signature, 1);
    } finally {
      await client.close();
    }
  });
});

Deno.test("after first-message auth, a refused authorize hook closes with 4403", async () => {
  await withAuthServer(async (served, auth) => {
    const client = await openWsClient(`${served.wsUrl}/chat`);
    try {
      client.send({
        type: "auth",
        id: 1,
        data: { token: await auth.token("gus") },
      });
      const error = await client.next();
      assertEquals((error.data as { code: string }).code, ErrorCode.Forbidden);
      assertEquals((await client.closed).code, CloseCode.Forbidden);
    } finally {
      await client.close();
    }
  }, { routes: [testChatRoute({ auth: () => false })] });
});

Deno.test("a token that expires without refresh closes the connection with 4401", async () => {
  const clock = new AdvancingClock();
  await withAuthServer(async (served, auth) => {
    const ticket = await fetchTicket(
      served.httpUrl,
      await auth.token("hal", 1),
    );
    const client = await openWsClient(`${served.wsUrl}/chat?ticket=${ticket}`);
    try {
      await client.nextOfType("welcome");
      clock.advance(2_000);
      const closed = await client.closed;
      assertEquals([closed.code, closed.reason], [
        CloseCode.Unauthenticated,
        "token expired",
      ]);
      assertEquals(served.server.stats().authFailures.expired, 1);
    } finally {
      await client.close();
    }
  }, withClock({ heartbeat: { pingIntervalMs: 100 } }, clock));
});

Deno.test("a refresh before exp keeps the connection open past the first token's expiry", async () => {
  const clock = new AdvancingClock();
  const options = withClock(
    { heartbeat: { pingIntervalMs: 100, pongTimeoutMs: 10_000 } },
    clock,
  );
  await withAuthServer(async (served, auth) => {
    const client = await openWsClient(`${served.wsUrl}/chat`);
    try {
      client.send({
        type: "auth",
        id: 1,
        data: { token: await auth.token("ivy", 2) },
      });
      await client.nextOfType("auth");
      client.send({
        type: "auth",
        id: 2,
        data: { token: await auth.token("ivy", 300) },
      });
      const refreshed = await client.nextOfType("auth");
      assertEquals(refreshed.id, 2);
      clock.advance(3_000);
      await pingAfterClockMoved(client);
      client.send({ type: "history", id: 4, data: { room: "r" } });
      assertEquals((await client.nextOfType("history")).id, 4);
    } finally {
      await client.close();
    }
  }, options);
});

Deno.test("a refresh token for another user closes the connection with 4401", async () => {
  await withAuthServer(async (served, auth) => {
    const client = await openWsClient(`${served.wsUrl}/chat`);
    try {
      client.send({
        type: "auth",
        id: 1,
        data: { token: await auth.token("jan") },
      });
      await client.nextOfType("auth");
      client.send({
        type: "auth",
        id: 2,
        data: { token: await auth.token("kim") },
      });
      const closed = await client.closed;
      assertEquals([closed.code, closed.reason], [
        CloseCode.Unauthenticated,
        "token subject changed",
      ]);
      assertEquals(served.server.stats().authFailures.subject_changed, 1);
    } finally {
      await client.close();
    }
  });
});

Deno.test("a refused token at the ticket endpoint gets 401, and its reason is counted and logged", async () => {
  await withAuthServer(async (served, auth) => {
    const response = await fetch(`${served.httpUrl}/auth/ticket`, {
      method: "POST",
      headers: { authorization: `Bearer ${await auth.forgedToken("eve")}` },
    });
    await response.body?.cancel();
    assertEquals(response.status, 401);
    assertEquals(served.server.stats().authFailures.bad_signature, 1);
    const logged = served.logs.find((e) => e.kind === "auth_failed");
    assertEquals(
      logged?.kind === "auth_failed" && [logged.stage, logged.reason],
      ["ticket", "bad_signature"],
    );
  });
});

Deno.test("a first-message login past maxConnectionsPerUser is closed with 1008", async () => {
  await withAuthServer(async (served, auth) => {
    const token = await auth.token("olga");
    const first = await openWsClient(
      `${served.wsUrl}/chat?ticket=${await fetchTicket(served.httpUrl, token)}`,
    );
    const second = await openWsClient(`${served.wsUrl}/chat`);
    try {
      await first.nextOfType("welcome");
      second.send({ type: "auth", id: 1, data: { token } });
      const closed = await second.closed;
      assertEquals([closed.code, closed.reason], [
        CloseCode.PolicyViolation,
        "too many connections for this user",
      ]);
      assertEquals(
        served.server.stats().rejectedConnections.too_many_connections_per_user,
        1,
      );
    } finally {
      await first.close();
      await second.close();
    }
  }, { limits: { maxConnectionsPerUser: 1 } });
});
