import { assert, assertEquals } from "../_helpers/assert.ts";
import { serveForTest } from "../_helpers/server_harness.ts";
import { testChatRoute } from "../_helpers/server_chat.ts";
import { openWsClient } from "../_helpers/ws_client.ts";
import { closeFrameOf, rawUpgrade, readRawFrames } from "../_helpers/ws_raw.ts";
import { CloseCode } from "../../src/wire/close_codes.ts";

const SHORT_HEARTBEAT = { pingIntervalMs: 200, pongTimeoutMs: 300 } as const;

Deno.test("open connections get an application ping at least every pingIntervalMs", async () => {
  await using served = await serveForTest({
    routes: [testChatRoute()],
    heartbeat: SHORT_HEARTBEAT,
  });
  await using client = await openWsClient(`${served.wsUrl}/chat`);
  const welcome = await client.nextOfType("welcome");
  assertEquals(
    (welcome.data as { pingIntervalMs: number }).pingIntervalMs,
    200,
  );
  const arrivalsMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const ping = await client.nextOfType("ping", 5_000);
    assertEquals(ping.data, null);
    arrivalsMs.push(performance.now());
    client.send({ type: "pong", data: null });
  }
  const gapsMs = arrivalsMs.slice(1).map((t, i) => t - arrivalsMs[i]);
  // Due every 200 ms; the margin is for a loaded machine, not the server.
  for (const gapMs of gapsMs) assert(gapMs < 1_500, `gaps ${gapsMs}`);
});

Deno.test("a client that answers pings stays connected well past the stall limit", async () => {
  await using served = await serveForTest({
    routes: [testChatRoute()],
    heartbeat: SHORT_HEARTBEAT,
  });
  await using client = await openWsClient(`${served.wsUrl}/chat`);
  // Six answered pings, each at least one 200 ms sweep after the last,
  // span twice the 500 ms stall limit however slow the machine is.
  for (let i = 0; i < 6; i++) {
    await client.nextOfType("ping");
    client.send({ type: "pong", data: null });
  }
  client.send({ type: "history", id: 1, data: { room: "r" } });
  assertEquals((await client.nextOfType("history")).id, 1);
});

Deno.test("a client whose application never answers pings is closed with 1001 stalled", async () => {
  await using served = await serveForTest({
    routes: [testChatRoute()],
    heartbeat: SHORT_HEARTBEAT,
  });
  await using client = await openWsClient(`${served.wsUrl}/chat`);
  const startedMs = performance.now();
  const closed = await client.closed;
  assertEquals([closed.code, closed.reason], [
    CloseCode.GoingAway,
    "stalled",
  ]);
  // Not before pingIntervalMs + pongTimeoutMs = 500 ms of silence, counted
  // from the upgrade, a little before the client saw the connection open.
  assert(performance.now() - startedMs >= 300);
  const logged = await served.waitForLog("connection_closed");
  assertEquals(logged.reason, "stalled");
});

Deno.test("a raw TCP client that completes the handshake and never answers pings is reaped by the runtime's idle timeout", async () => {
  await using served = await serveForTest({
    routes: [testChatRoute()],
    heartbeat: {
      pingIntervalMs: 1_000,
      pongTimeoutMs: 1_000,
      idleTimeoutSeconds: 0.4,
    },
  });
  using upgrade = await rawUpgrade(served.port, "/chat");
  assertEquals(upgrade.status, 101);
  const frames = await readRawFrames(
    upgrade.conn,
    upgrade.rest,
    (frame) => frame.opcode === 8,
  );
  assert(
    frames.some((frame) => frame.opcode === 9),
    "a protocol ping was sent",
  );
  assertEquals(
    closeFrameOf(frames[frames.length - 1]).code,
    CloseCode.GoingAway,
  );
  // The runtime frees the socket itself: no answer from the peer needed.
  await served.waitForLog("connection_closed");
  assertEquals(served.server.stats().openConnections, 0);
});

Deno.test("with protocol pings off, the sweep still closes a silent raw TCP client with 1001 stalled", async () => {
  await using served = await serveForTest({
    routes: [testChatRoute()],
    heartbeat: { ...SHORT_HEARTBEAT, idleTimeoutSeconds: 0 },
  });
  const upgrade = await rawUpgrade(served.port, "/chat");
  try {
    const frames = await readRawFrames(
      upgrade.conn,
      upgrade.rest,
      (frame) => frame.opcode === 8,
    );
    assertEquals(closeFrameOf(frames[frames.length - 1]), {
      code: CloseCode.GoingAway,
      reason: "stalled",
    });
    const texts = frames.filter((f) => f.opcode === 1)
      .map((f) => JSON.parse(new TextDecoder().decode(f.payload)).type);
    assertEquals(texts[0], "welcome");
    assert(texts.includes("ping"));
  } finally {
    upgrade.conn.close();
  }
  await served.waitForLog("connection_closed");
  assertEquals(served.server.stats().openConnections, 0);
  assertEquals(served.server.stats().closesByCode["1001"], 1);
});
