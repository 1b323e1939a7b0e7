import { assertEquals } from "../_helpers/assert.ts";
import { serveForTest } from "../_helpers/server_harness.ts";
import { testChatRoute } from "../_helpers/server_chat.ts";
import { linkedFanouts } from "../_helpers/server_linked_fanout.ts";
import { openWsClients, type WsTestClient } from "../_helpers/ws_client.ts";

/** `count` welcomed clients; `await using` closes them all. */
async function connectAll(
  url: string,
  count: number,
): Promise<WsTestClient[] & AsyncDisposable> {
  const clients = await openWsClients(url, count);
  try {
    for (const client of clients) await client.nextOfType("welcome");
    return clients;
  } catch (error) {
    await clients[Symbol.asyncDispose]();
    throw error;
  }
}

function idOf(client: WsTestClient, welcome: { data: unknown }): string {
  void client;
  return (welcome.data as { connectionId: string }).connectionId;
}

Deno.test("a room message reaches every member, the sender included, exactly once, and no one outside", async () => {
  await using served = await serveForTest({ routes: [testChatRoute()] });
  await using clients = await connectAll(`${served.wsUrl}/chat`, 4);
  const [alice, bob, carol, outsider] = clients;
  for (const member of [alice, bob, carol]) {
    member.send({ type: "join", data: { room: "general" } });
    await member.nextOfType("joined");
  }
  alice.send({ type: "say", data: { room: "general", text: "hello" } });
  for (const member of [alice, bob, carol]) {
    const message = await member.nextOfType("message");
    assertEquals((message.data as { text: string }).text, "hello");
  }
  // A later message proves nothing else was queued before it.
  outsider.send({ type: "join", data: { room: "other" } });
  await outsider.nextOfType("joined");
  alice.send({ type: "say", data: { room: "general", text: "second" } });
  for (const member of [alice, bob, carol]) {
    const message = await member.nextOfType("message");
    assertEquals((message.data as { text: string }).text, "second");
  }
  assertEquals(outsider.received.filter((f) => f.type === "message"), []);
});

Deno.test("a room broadcast with except leaves the sender out", async () => {
  await using served = await serveForTest({ routes: [testChatRoute()] });
  await using clients = await connectAll(`${served.wsUrl}/chat`, 2);
  const [typist, reader] = clients;
  for (const member of clients) {
    member.send({ type: "join", data: { room: "r" } });
    await member.nextOfType("presence");
  }
  const typistSaw: string[] = [];
  typist.socket.addEventListener("message", (event) => {
    typistSaw.push(JSON.parse(event.data).type);
  });
  typist.send({ type: "typing", data: { room: "r", active: true } });
  const typing = await reader.nextOfType("typing");
  assertEquals((typing.data as { active: boolean }).active, true);
  // Frames to one connection arrive in order: had the typist been sent its
  // own typing event, it would come before this message.
  typist.send({ type: "say", data: { room: "r", text: "done" } });
  await typist.nextOfType("message");
  assertEquals(typistSaw.includes("typing"), false);
});

Deno.test("toConnection reaches only that connection and toAll every connection of the route", async () => {
  const route = testChatRoute();
  await using served = await serveForTest({ routes: [route] });
  await using clients = await openWsClients(`${served.wsUrl}/chat`, 2);
  const [first, second] = clients;
  const firstId = idOf(first, await first.nextOfType("welcome"));
  await second.nextOfType("welcome");
  route.broadcast.toConnection(firstId, "left", {
    room: "direct",
    user: "server",
  });
  assertEquals((await first.nextOfType("left")).data, {
    room: "direct",
    user: "server",
  });
  route.broadcast.toAll("left", { room: "all", user: "server" });
  assertEquals((await first.nextOfType("left")).data, {
    room: "all",
    user: "server",
  });
  assertEquals((await second.nextOfType("left")).data, {
    room: "all",
    user: "server",
  });
});

Deno.test("presence lists a room's members and drops those who leave or disconnect", async () => {
  const route = testChatRoute();
  await using served = await serveForTest({ routes: [route] });
  await using clients = await connectAll(`${served.wsUrl}/chat`, 3);
  for (const member of clients) {
    member.send({ type: "join", data: { room: "lobby" } });
    await member.nextOfType("joined");
  }
  assertEquals(route.broadcast.presence("lobby").length, 3);
  clients[0].send({ type: "leave", data: { room: "lobby" } });
  await clients[1].nextOfType("left");
  assertEquals(route.broadcast.presence("lobby").length, 2);
  await clients[1].close();
  await clients[2].close();
  // The server sees a close a moment after the client's close event.
  await served.waitForCloses(2);
  assertEquals(route.broadcast.presence("lobby"), []);
});

Deno.test("each broadcast is serialised once: one publication whose payload is the very frame members receive", async () => {
  const [fanout] = linkedFanouts();
  await using served = await serveForTest({
    routes: [testChatRoute()],
    fanout,
  });
  await using clients = await connectAll(`${served.wsUrl}/chat`, 3);
  for (const member of clients) {
    member.send({ type: "join", data: { room: "r" } });
    await member.nextOfType("joined");
  }
  const raw: string[] = [];
  for (const member of clients) {
    member.socket.addEventListener(
      "message",
      (event) => raw.push(event.data),
    );
  }
  const before = fanout.published.length;
  clients[0].send({ type: "say", data: { room: "r", text: "once" } });
  for (const member of clients) await member.nextOfType("message");
  const published = fanout.published.slice(before)
    .filter((delivery) => delivery.payload.includes('"message"'));
  assertEquals(published.length, 1);
  assertEquals(published[0].target, { kind: "room", room: "r" });
  assertEquals(raw.filter((frame) => frame.includes('"message"')), [
    published[0].payload,
    published[0].payload,
    published[0].payload,
  ]);
});

Deno.test("a room message reaches members connected to another node exactly once", async () => {
  const [fanoutA, fanoutB] = linkedFanouts();
  await using nodeA = await serveForTest({
    routes: [testChatRoute()],
    fanout: fanoutA,
  });
  await using nodeB = await serveForTest({
    routes: [testChatRoute()],
    fanout: fanoutB,
  });
  await using onA = await connectAll(`${nodeA.wsUrl}/chat`, 2);
  await using onB = await connectAll(`${nodeB.wsUrl}/chat`, 2);
  for (const member of [...onA, ...onB]) {
    member.send({ type: "join", data: { room: "shared" } });
    await member.nextOfType("joined");
  }
  onA[0].send({ type: "say", data: { room: "shared", text: "across" } });
  onB[1].send({ type: "say", data: { room: "shared", text: "back" } });
  for (const member of [...onA, ...onB]) {
    const texts = [
      await member.nextOfType("message"),
      await member.nextOfType("message"),
    ].map((frame) => (frame.data as { text: string }).text).sort();
    assertEquals(texts, ["across", "back"]);
  }
  // Direct messages to a local connection stay local.
  assertEquals(
    fanoutA.published.filter((d) => d.target.kind === "connection"),
    [],
  );
});
