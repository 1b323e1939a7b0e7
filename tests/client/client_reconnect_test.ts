import { ChatClient } from "../../protocol/gen/chat_client.ts";
import type { ConnectionState } from "@wiretype/wiretype/client";
import { assertEquals } from "../_helpers/assert.ts";
import { startChatPeer, waitUntil } from "../_helpers/client_chat_peer.ts";
import { serveForTest } from "../_helpers/server_harness.ts";
import { chatHandlers } from "../_helpers/server_chat.ts";
import { chatRoute } from "../../protocol/gen/chat_server.ts";
import { CloseCode } from "../../src/wire/close_codes.ts";
import { closeOnDispose } from "../_helpers/disposable.ts";

const fastReconnect = { initialDelayMs: 50, maxDelayMs: 200 };

function recordStates(client: ChatClient): ConnectionState[] {
  const states: ConnectionState[] = [];
  client.onState((state) => states.push(state));
  return states;
}

Deno.test("the client reconnects after the server restarts, passing through reconnecting", async () => {
  await using peer = await startChatPeer();
  await using client = closeOnDispose(
    new ChatClient({ url: peer.url, reconnect: fastReconnect }),
  );
  const states = recordStates(client);
  client.connect();
  await waitUntil(() => client.state.kind === "open", "the first open");
  await peer.restart(300);
  await waitUntil(
    () => peer.connections === 2 && client.state.kind === "open",
    "the reopen",
  );
  const kinds = states.map((state) => state.kind);
  assertEquals(kinds.slice(0, 3), ["connecting", "open", "reconnecting"]);
  assertEquals(kinds.at(-1), "open");
  assertEquals(kinds.at(-2), "connecting");
  // While the server was down every failed attempt counted one more.
  const attempts = states.flatMap((state) =>
    state.kind === "reconnecting" ? [state.attempt] : []
  );
  assertEquals(attempts, attempts.map((_, index) => index + 1));
});

Deno.test("rooms joined before a restart are joined again after it", async () => {
  await using peer = await startChatPeer();
  await using client = closeOnDispose(
    new ChatClient({ url: peer.url, reconnect: fastReconnect }),
  );
  client.connect();
  client.join({ room: "general" });
  client.join({ room: "random" });
  client.leave({ room: "random" });
  await waitUntil(() => peer.received.length === 3, "join, join, leave");
  await peer.restart();
  await waitUntil(
    () => peer.received.some((frame) => frame.connection === 2),
    "a frame on the new connection",
  );
  await waitUntil(() => client.state.kind === "open", "the reopen");
  const second = peer.received.filter((frame) => frame.connection === 2).map((
    frame,
  ) => frame.envelope);
  assertEquals(second, [{ type: "join", data: { room: "general" } }]);
});

Deno.test("messages sent while disconnected go out in order after the rejoin", async () => {
  await using peer = await startChatPeer();
  await using client = closeOnDispose(
    new ChatClient({ url: peer.url, reconnect: fastReconnect }),
  );
  client.connect();
  client.join({ room: "general" });
  await waitUntil(() => peer.received.length === 1, "the join");
  await peer.stop();
  await waitUntil(() => client.state.kind === "reconnecting", "reconnecting");
  for (const text of ["one", "two", "three"]) {
    client.say({ room: "general", text });
  }
  await peer.start();
  await waitUntil(
    () => peer.received.filter((frame) => frame.connection === 2).length === 4,
    "four frames",
  );
  const second = peer.received.filter((frame) => frame.connection === 2).map((
    frame,
  ) => frame.envelope);
  assertEquals(second, [
    { type: "join", data: { room: "general" } },
    { type: "say", data: { room: "general", text: "one" } },
    { type: "say", data: { room: "general", text: "two" } },
    { type: "say", data: { room: "general", text: "three" } },
  ]);
});

Deno.test("the reconnecting state carries the close code and reason the server closed with", async () => {
  await using served = await serveForTest({
    routes: [chatRoute({
      ...chatHandlers(),
      say(_data, ctx) {
        ctx.close(CloseCode.TryAgainLater, "too busy, come back later");
      },
    })],
  });
  await using client = closeOnDispose(
    new ChatClient({
      url: served.wsUrl,
      reconnect: fastReconnect,
    }),
  );
  const states = recordStates(client);
  client.connect();
  client.say({ room: "general", text: "hello" });
  // The recorded states, not the current one: reconnecting lasts one short
  // retry delay, which polling can miss on a loaded machine.
  await waitUntil(
    () => states.some((state) => state.kind === "reconnecting"),
    "reconnecting",
  );
  const reconnecting = states.find((state) => state.kind === "reconnecting");
  assertEquals(reconnecting, {
    kind: "reconnecting",
    attempt: 1,
    nextRetryMs: reconnecting?.kind === "reconnecting"
      ? reconnecting.nextRetryMs
      : -1,
    code: 1013,
    reason: "too busy, come back later",
  });
});
