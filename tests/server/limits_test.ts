import { assert, assertEquals } from "../_helpers/assert.ts";
import { serveForTest } from "../_helpers/server_harness.ts";
import { testChatRoute } from "../_helpers/server_chat.ts";
import { openWsClient } from "../_helpers/ws_client.ts";
import {
  closeFrameOf,
  maskedTextFrame,
  rawUpgrade,
  readRawFrames,
  upgradeStatus,
} from "../_helpers/ws_raw.ts";
import { CloseCode } from "../../src/wire/close_codes.ts";
import { ErrorCode } from "../../src/wire/protocol_error.ts";

Deno.test("a frame over maxMessageBytes in UTF-8 closes with 1009, even if short in characters", async () => {
  await using served = await serveForTest({
    routes: [testChatRoute()],
    limits: { maxMessageBytes: 200 },
  });
  await using client = await openWsClient(`${served.wsUrl}/chat`);
  await client.nextOfType("welcome");
  // 150 characters, 300 bytes.
  const frame = JSON.stringify({
    type: "say",
    data: { room: "r", text: "é".repeat(130) },
  });
  assert(frame.length < 200);
  client.send(frame);
  const closed = await client.closed;
  assertEquals(closed.code, CloseCode.MessageTooBig);
});

Deno.test("messages past the rate limit get rate_limited errors and are not handled", async () => {
  await using served = await serveForTest({
    routes: [testChatRoute()],
    limits: { messagesPerSecond: 0.5, messageBurst: 3, maxStrikes: 100 },
  });
  await using client = await openWsClient(`${served.wsUrl}/chat`);
  await client.nextOfType("welcome");
  for (let i = 0; i < 6; i++) {
    client.send({ type: "history", id: i, data: { room: "r" } });
  }
  const replies = [];
  for (let i = 0; i < 6; i++) replies.push(await client.next());
  assertEquals(replies.filter((r) => r.type === "history").length, 3);
  const errors = replies.filter((r) => r.type === "error");
  assertEquals(
    errors.map((e) => (e.data as { code: string }).code),
    [ErrorCode.RateLimited, ErrorCode.RateLimited, ErrorCode.RateLimited],
  );
  assertEquals(served.server.stats().rejectedMessages.rate_limited, 3);
});

Deno.test("persistent abuse of the rate limit closes the connection with 4429", async () => {
  await using served = await serveForTest({
    routes: [testChatRoute()],
    limits: { messagesPerSecond: 1, messageBurst: 2, maxStrikes: 3 },
  });
  await using client = await openWsClient(`${served.wsUrl}/chat`);
  await client.nextOfType("welcome");
  for (let i = 0; i < 20; i++) {
    client.send({ type: "typing", data: { room: "r", active: true } });
  }
  const closed = await client.closed;
  assertEquals(closed.code, CloseCode.RateLimited);
});

Deno.test("connections beyond maxConnectionsPerIp are refused with 429 until one closes", async () => {
  await using served = await serveForTest({
    routes: [testChatRoute()],
    limits: { maxConnectionsPerIp: 2 },
  });
  await using first = await openWsClient(`${served.wsUrl}/chat`);
  // Held open, with `first`, to fill the limit.
  await using _second = await openWsClient(`${served.wsUrl}/chat`);
  assertEquals(await upgradeStatus(served.port, "/chat"), 429);
  assertEquals(
    served.server.stats().rejectedConnections.too_many_connections_per_ip,
    1,
  );
  await first.close();
  await served.waitForCloses(1);
  const third = await openWsClient(`${served.wsUrl}/chat`);
  await third.close();
});

Deno.test("by default a page from another host is refused with 403 before the upgrade", async () => {
  await using served = await serveForTest({ routes: [testChatRoute()] });
  const host = `127.0.0.1:${served.port}`;
  assertEquals(
    await upgradeStatus(served.port, "/chat", {
      origin: "https://evil.test",
    }),
    403,
  );
  assertEquals(
    await upgradeStatus(served.port, "/chat", { origin: `http://${host}` }),
    101,
  );
  // Non-browser clients send no Origin and are let through.
  assertEquals(await upgradeStatus(served.port, "/chat"), 101);
  assertEquals(served.server.stats().rejectedConnections.origin, 1);
  const logged = served.logs.find((e) => e.kind === "connection_rejected");
  assertEquals(
    logged?.kind === "connection_rejected" && logged.reason,
    "origin",
  );
});

Deno.test("an origin list admits the listed origins only", async () => {
  await using served = await serveForTest({
    routes: [testChatRoute()],
    origins: ["https://app.example.com"],
  });
  assertEquals(
    await upgradeStatus(served.port, "/chat", {
      origin: "https://app.example.com",
    }),
    101,
  );
  assertEquals(
    await upgradeStatus(served.port, "/chat", {
      origin: `http://127.0.0.1:${served.port}`,
    }),
    403,
  );
});

const BIG_TEXT = "x".repeat(1_900);
const MAX_FLOOD_MS = 20_000;

/**
 * Joins room "flood" over a raw connection that then never reads, and
 * broadcasts large messages to the room until `done()` or a time bound.
 */
async function floodNonReader(
  port: number,
  route: ReturnType<typeof testChatRoute>,
  done: () => boolean,
) {
  // A reading member of the room sees the raw client's "joined", then leaves
  // before the flood.
  const observer = await openWsClient(`ws://127.0.0.1:${port}/chat`);
  const upgrade = await rawUpgrade(port, "/chat");
  try {
    await observer.nextOfType("welcome");
    observer.send({ type: "join", data: { room: "flood" } });
    await observer.nextOfType("joined");
    await upgrade.conn.write(
      maskedTextFrame('{"type":"join","data":{"room":"flood"}}'),
    );
    await observer.nextOfType("joined");
    observer.send({ type: "leave", data: { room: "flood" } });
    await observer.nextOfType("left");
  } finally {
    await observer.close();
  }
  assertEquals(route.broadcast.presence("flood").length, 1);
  const startedMs = Date.now();
  const message = {
    id: crypto.randomUUID(),
    room: "flood",
    user: "server",
    text: BIG_TEXT,
    sentAt: new Date().toISOString(),
  };
  while (!done() && Date.now() - startedMs < MAX_FLOOD_MS) {
    for (let i = 0; i < 32; i++) {
      route.broadcast.toRoom("flood", "message", message);
    }
    // Not a wait for anything: a timer turn lets the sockets write and the
    // sweep run between batches.
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return upgrade;
}

Deno.test("a slow consumer past maxBufferedBytes is closed with 1013", async () => {
  const route = testChatRoute();
  await using served = await serveForTest({
    routes: [route],
    limits: { maxBufferedBytes: 256 * 1024, slowConsumer: "close" },
    heartbeat: { pingIntervalMs: 1_000, sweepIntervalMs: 50 },
  });
  const upgrade = await floodNonReader(
    served.port,
    route,
    () => route.broadcast.presence("flood").length === 0,
  );
  try {
    assertEquals(route.broadcast.presence("flood"), []);
    const frames = await readRawFrames(
      upgrade.conn,
      upgrade.rest,
      (frame) => frame.opcode === 8,
    );
    assertEquals(closeFrameOf(frames[frames.length - 1]), {
      code: CloseCode.TryAgainLater,
      reason: "slow consumer",
    });
  } finally {
    upgrade.conn.close();
  }
  await served.waitForCloses(2);
  assertEquals(served.server.stats().openConnections, 0);
  assertEquals(served.server.stats().closesByCode["1013"], 1);
});

Deno.test("with slowConsumer 'drop', messages to a slow consumer are skipped and it stays connected", async () => {
  const route = testChatRoute();
  await using served = await serveForTest({
    routes: [route],
    limits: { maxBufferedBytes: 256 * 1024, slowConsumer: "drop" },
    heartbeat: { pingIntervalMs: 1_000, sweepIntervalMs: 50 },
  });
  const upgrade = await floodNonReader(
    served.port,
    route,
    () => served.server.stats().messagesDropped > 100,
  );
  upgrade.conn.close();
  assert(served.server.stats().messagesDropped > 100);
  assertEquals(served.server.stats().closesByCode["1013"], undefined);
  await served.waitForCloses(2);
  assertEquals(served.server.stats().openConnections, 0);
});

Deno.test("one abusive client does not delay or lose another client's messages", async () => {
  await using served = await serveForTest({
    routes: [testChatRoute()],
    limits: {
      messagesPerSecond: 100,
      messageBurst: 100,
      maxStrikes: 1_000_000,
    },
  });
  await using abuser = await openWsClient(`${served.wsUrl}/chat`);
  await using sender = await openWsClient(`${served.wsUrl}/chat`);
  await using reader = await openWsClient(`${served.wsUrl}/chat`);
  for (const client of [sender, reader]) {
    await client.nextOfType("welcome");
    client.send({ type: "join", data: { room: "calm" } });
    await client.nextOfType("joined");
  }
  let abusing = true;
  const abuse = (async () => {
    while (abusing && abuser.socket.readyState === WebSocket.OPEN) {
      for (let i = 0; i < 50; i++) abuser.send("{garbage");
      for (let i = 0; i < 50; i++) {
        abuser.send({
          type: "say",
          data: { room: "elsewhere", text: "spam" },
        });
      }
      // Not a wait for anything: a timer turn lets the other clients'
      // frames in between bursts.
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  })();
  const latenciesMs: number[] = [];
  for (let i = 0; i < 50; i++) {
    const sentMs = performance.now();
    sender.send({ type: "say", data: { room: "calm", text: `m${i}` } });
    const message = await reader.nextOfType("message", 10_000);
    latenciesMs.push(performance.now() - sentMs);
    assertEquals((message.data as { text: string }).text, `m${i}`);
  }
  abusing = false;
  await abuse;
  // Generous: the machine is shared; what matters is no starvation.
  assert(Math.max(...latenciesMs) < 2_000, `latencies ${latenciesMs}`);
  assert(served.server.stats().rejectedMessages.rate_limited > 0);
});
