import { ChatClient } from "../../protocol/gen/chat_client.ts";
import type { ClientError, ConnectionState } from "@wiretype/wiretype/client";
import { assert, assertEquals } from "../_helpers/assert.ts";
import { startChatPeer, waitUntil } from "../_helpers/client_chat_peer.ts";
import { startFrozenServer } from "../_helpers/client_frozen_server.ts";
import { closeOnDispose } from "../_helpers/disposable.ts";

Deno.test("the client answers every ping with a pong and stays open", async () => {
  await using peer = await startChatPeer({
    pingIntervalMs: 50,
    sendPings: true,
  });
  await using client = closeOnDispose(new ChatClient({ url: peer.url }));
  client.connect();
  await waitUntil(() => peer.received.length >= 3, "three pongs");
  assertEquals(peer.received.slice(0, 3).map((frame) => frame.envelope), [
    { type: "pong", data: null },
    { type: "pong", data: null },
    { type: "pong", data: null },
  ]);
  assertEquals(client.state.kind, "open");
});

Deno.test("a server that keeps pinging is never declared silent", async () => {
  await using peer = await startChatPeer({
    pingIntervalMs: 100,
    sendPings: true,
  });
  await using client = closeOnDispose(
    new ChatClient({ url: peer.url, serverSilenceMs: 1_500 }),
  );
  const errors: ClientError[] = [];
  client.onError((error) => errors.push(error));
  client.connect();
  await waitUntil(() => client.state.kind === "open", "open");
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  assertEquals([client.state.kind, peer.connections, errors.length], [
    "open",
    1,
    0,
  ]);
});

Deno.test("a server that goes silent is detected after serverSilenceMs and the client reconnects", async () => {
  const frozen = startFrozenServer(60_000);
  const client = new ChatClient({
    url: frozen.url,
    serverSilenceMs: 500,
    reconnect: { initialDelayMs: 50, maxDelayMs: 50 },
  });
  const errors: ClientError[] = [];
  const states: Array<[ConnectionState["kind"], number]> = [];
  client.onError((error) => errors.push(error));
  client.onState((state) => states.push([state.kind, performance.now()]));
  try {
    client.connect();
    await waitUntil(
      () => frozen.handshakes === 2,
      "a second connection after the silence",
    );
    assertEquals(errors[0].code, "server_silent");
    const opened = states.find(([kind]) => kind === "open");
    const gaveUp = states.find(([kind]) => kind === "reconnecting");
    assert(opened && gaveUp, "open, then reconnecting");
    const silentMs = gaveUp[1] - opened[1];
    assert(
      silentMs >= 490 && silentMs < 10_000,
      `declared dead after ${silentMs} ms`,
    );
  } finally {
    await frozen.close();
    await client.close();
  }
});

Deno.test("without serverSilenceMs the silence limit follows the welcome's pingIntervalMs", async () => {
  const frozen = startFrozenServer(200);
  const client = new ChatClient({
    url: frozen.url,
    reconnect: { initialDelayMs: 50 },
  });
  const errors: ClientError[] = [];
  client.onError((error) => errors.push(error));
  try {
    client.connect();
    await waitUntil(() => errors.length === 1, "the silence to be noticed");
    // Twice the ping interval plus one second of grace.
    assertEquals(
      errors[0].message,
      "the server sent nothing for 1400 ms (serverSilenceMs)",
    );
  } finally {
    await frozen.close();
    await client.close();
  }
});

Deno.test("a server that accepts but never welcomes fails the attempt after openTimeoutMs", async () => {
  await using peer = await startChatPeer({ acceptToken: "never-sent" });
  await using client = closeOnDispose(
    new ChatClient({
      url: peer.url,
      openTimeoutMs: 300,
      reconnect: { initialDelayMs: 50 },
    }),
  );
  const errors: ClientError[] = [];
  client.onError((error) => errors.push(error));
  client.connect();
  await waitUntil(() => errors.length === 1, "the open timeout");
  assertEquals(errors[0].code, "open_timeout");
  await waitUntil(() => peer.connections === 2, "a new attempt");
});

Deno.test("close() gives up waiting for a frozen server's close handshake after a few seconds", async () => {
  await using frozen = startFrozenServer(60_000);
  const client = new ChatClient({ url: frozen.url });
  client.connect();
  await waitUntil(() => client.state.kind === "open", "open");
  const started = performance.now();
  await client.close();
  const waitedMs = performance.now() - started;
  assert(
    waitedMs >= 4_900 && waitedMs < 15_000,
    `close() took ${waitedMs} ms`,
  );
  assertEquals(client.state.kind, "closed");
});
