import { assert, assertEquals } from "../_helpers/assert.ts";
import { serveForTest } from "../_helpers/server_harness.ts";
import { chatHandlers } from "../_helpers/server_chat.ts";
import { openWsClient } from "../_helpers/ws_client.ts";
import { chatRoute } from "../../protocol/gen/chat_server.ts";
import type { CloseInfo } from "@wiretype/wiretype/server";

interface Counter {
  said: number;
}

Deno.test("each connection gets its own state from the route's initialState", async () => {
  const route = chatRoute<Counter>({
    ...chatHandlers<Counter>(),
    say({ room }, ctx) {
      ctx.state.said++;
      ctx.send("joined", { room, user: `said-${ctx.state.said}` });
    },
  }, { initialState: () => ({ said: 0 }) });
  await using served = await serveForTest({ routes: [route] });
  await using first = await openWsClient(`${served.wsUrl}/chat`);
  await using second = await openWsClient(`${served.wsUrl}/chat`);
  for (let i = 0; i < 2; i++) {
    first.send({ type: "say", data: { room: "r", text: "x" } });
  }
  second.send({ type: "say", data: { room: "r", text: "x" } });
  assertEquals((await first.nextOfType("joined")).data, {
    room: "r",
    user: "said-1",
  });
  assertEquals((await first.nextOfType("joined")).data, {
    room: "r",
    user: "said-2",
  });
  assertEquals((await second.nextOfType("joined")).data, {
    room: "r",
    user: "said-1",
  });
});

Deno.test("onOpen runs once the welcome is sent, onClose after the connection left its rooms, with the close code", async () => {
  const events: string[] = [];
  let closed = (_: CloseInfo) => {};
  const closeInfo = new Promise<CloseInfo>((resolve) => closed = resolve);
  const route = chatRoute(chatHandlers(), {
    onOpen(ctx) {
      events.push("open");
      ctx.send("joined", { room: "hello", user: "server" });
    },
    onClose(ctx, info) {
      events.push(`close rooms=${ctx.rooms.size}`);
      closed(info);
    },
  });
  await using served = await serveForTest({ routes: [route] });
  const client = await openWsClient(`${served.wsUrl}/chat`);
  assertEquals((await client.next()).type, "welcome");
  assertEquals((await client.next()).data, { room: "hello", user: "server" });
  client.send({ type: "join", data: { room: "r" } });
  await client.nextOfType("presence");
  await client.close(4000, "done here");
  assertEquals(await closeInfo, { code: 4000, reason: "done here" });
  assertEquals(events, ["open", "close rooms=0"]);
});

Deno.test("a handler can close its connection with its own code and reason", async () => {
  const route = chatRoute({
    ...chatHandlers(),
    say(_data, ctx) {
      assertEquals([...ctx.rooms], ["r"]);
      ctx.close(4000, "bye from the handler");
    },
  });
  await using served = await serveForTest({ routes: [route] });
  await using client = await openWsClient(`${served.wsUrl}/chat`);
  client.send({ type: "join", data: { room: "r" } });
  client.send({ type: "say", data: { room: "r", text: "x" } });
  const closed = await client.closed;
  assertEquals([closed.code, closed.reason], [
    4000,
    "bye from the handler",
  ]);
  assertEquals(served.server.stats().handlerErrors, 0);
});

Deno.test("a close code the protocol forbids throws in the handler and becomes internal_error", async () => {
  const route = chatRoute({
    ...chatHandlers(),
    say(_data, ctx) {
      ctx.close(1006, "reserved");
    },
  });
  await using served = await serveForTest({ routes: [route] });
  await using client = await openWsClient(`${served.wsUrl}/chat`);
  client.send({ type: "say", data: { room: "r", text: "x" } });
  const error = await client.nextOfType("error");
  assertEquals((error.data as { code: string }).code, "internal_error");
  assert(client.socket.readyState === WebSocket.OPEN);
});
