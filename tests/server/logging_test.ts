import { assert, assertEquals, assertMatch } from "../_helpers/assert.ts";
import { serveForTest } from "../_helpers/server_harness.ts";
import { testChatRoute } from "../_helpers/server_chat.ts";
import {
  createTestAuth,
  fetchTicket,
} from "../_helpers/server_authenticator.ts";
import { openWsClient } from "../_helpers/ws_client.ts";
import {
  formatLogEvent,
  jsonLinesLogger,
  type LogEvent,
} from "@wiretype/wiretype/server";

Deno.test("a closed connection logs one line with route, user, close code, duration and traffic", async () => {
  const auth = await createTestAuth();
  await using served = await serveForTest({
    routes: [testChatRoute()],
    auth: auth.authenticator,
  });
  const ticket = await fetchTicket(served.httpUrl, await auth.token("lee"));
  const client = await openWsClient(`${served.wsUrl}/chat?ticket=${ticket}`);
  await client.nextOfType("welcome");
  client.send({ type: "join", data: { room: "r" } });
  await client.nextOfType("presence");
  await client.close(1000, "bye");
  await served.waitForLog("connection_closed");
  const lines = served.logs.filter((e) => e.kind === "connection_closed");
  assertEquals(lines.length, 1);
  const line = lines[0];
  assert(line.kind === "connection_closed");
  assertEquals([line.route, line.userId, line.code, line.reason], [
    "/chat",
    "lee",
    1000,
    "bye",
  ]);
  assertEquals([line.messagesIn, line.messagesOut], [1, 3]);
  assert(line.bytesIn > 20 && line.bytesOut > 100 && line.durationMs >= 0);
  assertMatch(
    formatLogEvent(line),
    /^WS \/chat 1000 "bye" \d+ms lee in 1\/\d+B out 3\/\d+B 127\.0\.0\.1 #/,
  );
});

Deno.test("stats count connections, messages and bytes in both directions", async () => {
  await using served = await serveForTest({ routes: [testChatRoute()] });
  await using client = await openWsClient(`${served.wsUrl}/chat`);
  await client.nextOfType("welcome");
  client.send({ type: "history", id: 1, data: { room: "r" } });
  await client.nextOfType("history");
  const stats = served.server.stats();
  assertEquals(stats.openConnections, 1);
  assertEquals(stats.openConnectionsByRoute, { "/chat": 1 });
  assertEquals(stats.connectionsAccepted, 1);
  assertEquals([stats.messagesIn, stats.messagesOut], [1, 2]);
  assertEquals(
    stats.bytesIn,
    new TextEncoder().encode(
      '{"type":"history","id":1,"data":{"room":"r"}}',
    ).length,
  );
});

Deno.test("the JSON lines logger writes one parseable object per event with a time", () => {
  const lines: string[] = [];
  const logger = jsonLinesLogger((line) => lines.push(line));
  const event: LogEvent = {
    kind: "handler_error",
    route: "/chat",
    connectionId: "c1",
    userId: "amy",
    handler: "say",
    error: new Error("boom"),
  };
  logger.log(event);
  assertEquals(lines.length, 1);
  const parsed = JSON.parse(lines[0]);
  assertEquals([parsed.kind, parsed.handler, parsed.error.message], [
    "handler_error",
    "say",
    "boom",
  ]);
  assert(!Number.isNaN(Date.parse(parsed.time)));
});

Deno.test("a refused upgrade is logged as one concise line", () => {
  assertEquals(
    formatLogEvent({
      kind: "connection_rejected",
      route: "/chat",
      remoteAddress: "10.0.0.7",
      status: 429,
      reason: "too_many_connections_per_ip",
    }),
    "WS /chat 429 rejected too_many_connections_per_ip 10.0.0.7",
  );
});

Deno.test("a refused token at the ticket endpoint is logged as HTTP, one at the upgrade as WS", () => {
  const refused = (stage: "ticket" | "upgrade", route: string) =>
    formatLogEvent({
      kind: "auth_failed",
      route,
      remoteAddress: "10.0.0.7",
      stage,
      reason: "expired",
    });
  assertEquals(
    refused("ticket", "/auth/ticket"),
    "HTTP /auth/ticket auth failed (ticket) expired - 10.0.0.7",
  );
  assertEquals(
    refused("upgrade", "/chat"),
    "WS /chat auth failed (upgrade) expired - 10.0.0.7",
  );
});

Deno.test("a logger that throws does not break the connection whose event it was logging", async () => {
  const served = await serveForTest({
    routes: [testChatRoute()],
    logger: {
      log() {
        throw new Error("log sink down");
      },
    },
  });
  const originalError = console.error;
  const complaints: unknown[][] = [];
  console.error = (...args: unknown[]) => complaints.push(args);
  try {
    await using client = await openWsClient(`${served.wsUrl}/chat`);
    await client.nextOfType("welcome");
    client.send("{bad json");
    assertEquals((await client.nextOfType("error")).type, "error");
    client.send({ type: "history", id: 1, data: { room: "r" } });
    assertEquals((await client.nextOfType("history")).id, 1);
    assert(complaints.length >= 1);
  } finally {
    await served.close();
    console.error = originalError;
  }
});
