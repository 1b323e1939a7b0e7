import { assertEquals, assertMatch } from "../_helpers/assert.ts";
import { serveForTest } from "../_helpers/server_harness.ts";
import { testChatRoute } from "../_helpers/server_chat.ts";
import { openWsClient } from "../_helpers/ws_client.ts";
import { upgradeStatus } from "../_helpers/ws_raw.ts";
import { chatProtocolInfo } from "../../protocol/gen/chat_protocol.ts";
import { notificationsRoute } from "../../protocol/gen/notifications_server.ts";
import { CloseCode } from "../../src/wire/close_codes.ts";

function testNotificationsRoute(maxMessageBytes: number) {
  return notificationsRoute({
    ack() {},
    pending: () => ({ notifications: [] }),
  }, { limits: { maxMessageBytes } });
}

Deno.test("an upgrade to a served path opens and is welcomed with its connection id and version", async () => {
  await using served = await serveForTest({ routes: [testChatRoute()] });
  await using client = await openWsClient(`${served.wsUrl}/chat`);
  const welcome = await client.next();
  assertEquals(welcome.type, "welcome");
  const data = welcome.data as Record<string, unknown>;
  assertMatch(String(data.connectionId), /^[0-9a-f-]{36}$/);
  assertEquals(data.version, chatProtocolInfo.version);
  assertEquals(data.pingIntervalMs, 25_000);
});

Deno.test("a plain GET to a WebSocket path gets 426 Upgrade Required", async () => {
  await using served = await serveForTest({ routes: [testChatRoute()] });
  const response = await fetch(`${served.httpUrl}/chat`);
  await response.body?.cancel();
  assertEquals(response.status, 426);
  assertEquals(response.headers.get("upgrade"), "websocket");
});

Deno.test("an upgrade to a path no route serves gets 404", async () => {
  await using served = await serveForTest({
    routes: [testChatRoute()],
    fallback: () => new Response("app"),
  });
  assertEquals(await upgradeStatus(served.port, "/nowhere"), 404);
  assertEquals(served.server.stats().rejectedConnections.unknown_path, 1);
});

Deno.test("requests that are not upgrades fall through to the application's fallback", async () => {
  await using served = await serveForTest({
    routes: [testChatRoute()],
    fallback: (request) =>
      new Response(`app saw ${new URL(request.url).pathname}`),
  });
  const response = await fetch(`${served.httpUrl}/index.html`);
  assertEquals(await response.text(), "app saw /index.html");
});

Deno.test("without a fallback, requests that are not upgrades get 404", async () => {
  await using served = await serveForTest({ routes: [testChatRoute()] });
  const response = await fetch(`${served.httpUrl}/`);
  await response.body?.cancel();
  assertEquals(response.status, 404);
});

Deno.test("each route keeps its own limits: a frame one route accepts closes another with 1009", async () => {
  const served = await serveForTest({
    routes: [testNotificationsRoute(256), testChatRoute()],
  });
  const text = "x".repeat(1_000);
  try {
    await using chat = await openWsClient(`${served.wsUrl}/chat`);
    await using notifications = await openWsClient(
      `${served.wsUrl}/notifications`,
    );
    await chat.next();
    await notifications.next();
    chat.send({ type: "join", data: { room: "r" } });
    chat.send({ type: "say", data: { room: "r", text } });
    const message = await chat.nextOfType("message");
    assertEquals((message.data as { text: string }).text, text);
    notifications.send({ type: "ack", data: { id: text } });
    const closed = await notifications.closed;
    assertEquals(closed.code, CloseCode.MessageTooBig);
  } finally {
    await served.close();
  }
});
