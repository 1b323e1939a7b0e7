import { assertEquals } from "../_helpers/assert.ts";
import { serveForTest } from "../_helpers/server_harness.ts";
import { testChatRoute } from "../_helpers/server_chat.ts";
import { openWsClient } from "../_helpers/ws_client.ts";

Deno.test("a client that keeps up is never taken for a slow consumer, however much it receives in total", async () => {
  const route = testChatRoute();
  await using served = await serveForTest({
    routes: [route],
    // Far below what the test sends in total, far above one batch.
    limits: { maxBufferedBytes: 16 * 1024, slowConsumer: "close" },
    // Sweeps during the test: each one forgets what was sent before it, and
    // pings, so the client sees when one has run. Silence never counts here.
    heartbeat: { pingIntervalMs: 20, pongTimeoutMs: 60_000 },
  });
  await using client = await openWsClient(`${served.wsUrl}/chat`);
  await client.nextOfType("welcome");
  client.send({ type: "join", data: { room: "steady" } });
  await client.nextOfType("joined");
  const message = {
    id: crypto.randomUUID(),
    room: "steady",
    user: "server",
    text: "x".repeat(1_900),
    sentAt: new Date().toISOString(),
  };
  // 50 batches of 4 messages (about 8 KiB each), each read before the
  // next is sent and a sweep between each two: 400 KiB in all, 25 times
  // the limit.
  let received = 0;
  for (let batch = 0; batch < 50; batch++) {
    for (let i = 0; i < 4; i++) {
      route.broadcast.toRoom("steady", "message", message);
    }
    for (let i = 0; i < 4; i++) {
      await client.nextOfType("message");
      received++;
    }
    // Sent after the batch, so by a sweep that followed it.
    await client.nextOfType("ping");
  }
  assertEquals(received, 200);
  assertEquals(served.server.stats().messagesDropped, 0);
  assertEquals(served.server.stats().closesByCode["1013"], undefined);
  assertEquals(client.socket.readyState, WebSocket.OPEN);
});
