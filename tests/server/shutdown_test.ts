import { assert, assertEquals } from "../_helpers/assert.ts";
import { serveForTest } from "../_helpers/server_harness.ts";
import { testChatRoute } from "../_helpers/server_chat.ts";
import { openWsClient, openWsClients } from "../_helpers/ws_client.ts";
import { upgradeStatus } from "../_helpers/ws_raw.ts";
import { chatRoute } from "../../protocol/gen/chat_server.ts";
import { chatHandlers } from "../_helpers/server_chat.ts";
import { CloseCode } from "../../src/wire/close_codes.ts";
import { startServerProcess } from "../_helpers/server_process.ts";

Deno.test("close() closes every connection with 1001 and a reason telling clients to reconnect", async () => {
  await using served = await serveForTest({ routes: [testChatRoute()] });
  await using clients = await openWsClients(`${served.wsUrl}/chat`, 5);
  for (const client of clients) await client.nextOfType("welcome");
  await served.server.close();
  for (const client of clients) {
    const closed = await client.closed;
    assertEquals([closed.code, closed.reason], [
      CloseCode.GoingAway,
      "server shutting down, reconnect",
    ]);
  }
  assertEquals(served.server.stats().openConnections, 0);
  assertEquals(served.server.stats().closesByCode["1001"], 5);
});

Deno.test("after close(), new upgrades are refused with 503 while other requests still reach the fallback", async () => {
  await using served = await serveForTest({
    routes: [testChatRoute()],
    fallback: () => new Response("app"),
  });
  await served.server.close();
  assertEquals(await upgradeStatus(served.port, "/chat"), 503);
  const response = await fetch(`${served.httpUrl}/`);
  assertEquals(await response.text(), "app");
});

/** A `history` handler that runs until the test releases it. */
function heldHistory() {
  let started = () => {};
  let release = () => {};
  const hasStarted = new Promise<void>((resolve) => started = resolve);
  const released = new Promise<void>((resolve) => release = resolve);
  const route = chatRoute({
    ...chatHandlers(),
    async history() {
      started();
      await released;
      return { messages: [] };
    },
  });
  return { route, hasStarted, release };
}

Deno.test("close() waits for running handlers to finish", async () => {
  const held = heldHistory();
  const served = await serveForTest({ routes: [held.route] });
  const client = await openWsClient(`${served.wsUrl}/chat`);
  try {
    await client.nextOfType("welcome");
    client.send({ type: "history", id: 1, data: { room: "r" } });
    await held.hasStarted;
    const order: string[] = [];
    const closing = served.server.close().then(() => order.push("closed"));
    // close() has closed the connection and has only the handler left to
    // wait for; an HTTP round trip after that gives it every chance to
    // return early if it did not wait.
    await served.waitForLog("connection_closed");
    await (await fetch(served.httpUrl)).body?.cancel();
    order.push("handler released");
    held.release();
    await closing;
    assertEquals(order, ["handler released", "closed"]);
  } finally {
    held.release();
    await client.close();
    await served.close();
  }
});

Deno.test("close() stops waiting for a handler that outlives shutdownTimeoutMs", async () => {
  const held = heldHistory();
  const served = await serveForTest({
    routes: [held.route],
    shutdownTimeoutMs: 200,
  });
  const client = await openWsClient(`${served.wsUrl}/chat`);
  try {
    await client.nextOfType("welcome");
    client.send({ type: "history", id: 1, data: { room: "r" } });
    await held.hasStarted;
    const startedMs = performance.now();
    await served.server.close();
    const tookMs = performance.now() - startedMs;
    assert(tookMs >= 150 && tookMs < 3_000, `close took ${tookMs} ms`);
  } finally {
    held.release();
    await client.close();
    await served.close();
  }
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.test(`${signal} closes every client with 1001 and lets the process exit cleanly (closeOnSignals)`, async () => {
    const server = await startServerProcess();
    try {
      await using clients = await openWsClients(
        `ws://127.0.0.1:${server.port}/chat`,
        3,
      );
      for (const client of clients) await client.nextOfType("welcome");
      const exited = server.stop(signal);
      for (const client of clients) {
        const closed = await client.closed;
        assertEquals([closed.code, closed.reason], [
          CloseCode.GoingAway,
          "server shutting down, reconnect",
        ]);
      }
      assertEquals(await exited, 0);
    } finally {
      await server.stop("SIGKILL");
    }
  });
}
