import { assertEquals, assertThrows } from "../_helpers/assert.ts";
import { serveForTest } from "../_helpers/server_harness.ts";
import { testChatRoute } from "../_helpers/server_chat.ts";
import {
  createTestAuth,
  TEST_TICKET_PATH,
} from "../_helpers/server_authenticator.ts";
import { rawUpgrade, upgradeStatus } from "../_helpers/ws_raw.ts";
import { createServer } from "@wiretype/wiretype/server";

// Every test connects from 127.0.0.1: as the proxy when it is trusted, as a
// client that forges the header when it is not.
const ONE_PER_IP = { maxConnectionsPerIp: 1 };

Deno.test("behind a trusted proxy, connections are counted per forwarded client address", async () => {
  const served = await serveForTest({
    routes: [testChatRoute()],
    limits: ONE_PER_IP,
    trustedProxies: ["127.0.0.1"],
  });
  const open = [];
  try {
    for (const client of ["203.0.113.1", "203.0.113.2"]) {
      const upgrade = await rawUpgrade(served.port, "/chat", {
        "x-forwarded-for": client,
      });
      open.push(upgrade.conn);
      assertEquals(upgrade.status, 101, client);
    }
    assertEquals(
      await upgradeStatus(served.port, "/chat", {
        "x-forwarded-for": "203.0.113.1",
      }),
      429,
    );
    const rejected = await served.waitForLog("connection_rejected");
    assertEquals(rejected.remoteAddress, "203.0.113.1");
  } finally {
    for (const conn of open) conn.close();
    await served.close();
  }
});

Deno.test("a client that is not a trusted proxy is counted by its own address, whatever X-Forwarded-For says", async () => {
  const served = await serveForTest({
    routes: [testChatRoute()],
    limits: ONE_PER_IP,
    trustedProxies: ["10.0.0.10"],
  });
  const first = await rawUpgrade(served.port, "/chat", {
    "x-forwarded-for": "203.0.113.1",
  });
  try {
    assertEquals(first.status, 101);
    assertEquals(
      await upgradeStatus(served.port, "/chat", {
        "x-forwarded-for": "203.0.113.2",
      }),
      429,
    );
    const rejected = await served.waitForLog("connection_rejected");
    assertEquals(rejected.remoteAddress, "127.0.0.1");
  } finally {
    first.conn.close();
    await served.close();
  }
});

Deno.test("handlers and the close log see the forwarded client address", async () => {
  const seen: string[] = [];
  await using served = await serveForTest({
    routes: [
      testChatRoute({ onOpen: (ctx) => void seen.push(ctx.remoteAddress) }),
    ],
    trustedProxies: ["loopback"],
  });
  const upgrade = await rawUpgrade(served.port, "/chat", {
    "x-forwarded-for": "2001:DB8::7, 127.0.0.1",
  });
  assertEquals(upgrade.status, 101);
  upgrade.conn.close();
  const closed = await served.waitForLog("connection_closed");
  assertEquals([seen, closed.remoteAddress], [
    ["2001:db8::7"],
    "2001:db8::7",
  ]);
});

Deno.test("the ticket endpoint logs a refused request with the forwarded client address", async () => {
  const auth = await createTestAuth();
  await using served = await serveForTest({
    routes: [testChatRoute()],
    auth: auth.authenticator,
    trustedProxies: ["127.0.0.1"],
  });
  const response = await fetch(`${served.httpUrl}${TEST_TICKET_PATH}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${await auth.forgedToken("mallory")}`,
      "x-forwarded-for": "198.51.100.23",
    },
  });
  await response.body?.cancel();
  assertEquals(response.status, 401);
  const failed = await served.waitForLog("auth_failed");
  assertEquals([failed.stage, failed.remoteAddress], [
    "ticket",
    "198.51.100.23",
  ]);
});

Deno.test("createServer refuses a malformed trustedProxies with a TypeError naming it", () => {
  assertThrows(
    () =>
      createServer({
        routes: [testChatRoute()],
        trustedProxies: ["10.0.0.0/8", "nginx.internal"],
        logger: { log() {} },
      }),
    (error: Error) =>
      error instanceof TypeError &&
      error.message.startsWith("createServer: trustedProxies[1] must be") &&
      error.message.includes('"nginx.internal"'),
  );
});
