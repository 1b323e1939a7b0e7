import { ChatClient } from "../../protocol/gen/chat_client.ts";
import { ClientError, CloseCode } from "@wiretype/wiretype/client";
import { assertEquals, assertThrows } from "../_helpers/assert.ts";
import { startChatPeer, waitUntil } from "../_helpers/client_chat_peer.ts";
import { closeOnDispose } from "../_helpers/disposable.ts";

const quickRetry = { initialDelayMs: 20, maxDelayMs: 20 };

/** Waits long enough that a retrying client would have reconnected several times. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 300));
}

const closedForGood = [
  {
    name:
      "a version mismatch (4409) closes the client for good with the server's reason",
    behaviour: { version: "000000000000" },
    code: CloseCode.VersionMismatch,
    reason: "regenerate: deno task gen",
  },
  {
    name: "a forbidden close (4403) is not retried",
    behaviour: {
      refuseWith: { code: CloseCode.Forbidden, reason: "not a member" },
    },
    code: CloseCode.Forbidden,
    reason: "not a member",
  },
];

for (const { name, behaviour, code, reason } of closedForGood) {
  Deno.test(name, async () => {
    await using peer = await startChatPeer(behaviour);
    await using client = closeOnDispose(
      new ChatClient({ url: peer.url, reconnect: quickRetry }),
    );
    client.connect();
    await waitUntil(() => client.state.kind === "closed", "closed");
    await settle();
    assertEquals(client.state, { kind: "closed", code, reason });
    assertEquals(peer.connections, 1);
  });
}

Deno.test("a 4401 is retried once with fresh credentials, a second one stops the client", async () => {
  await using peer = await startChatPeer({
    refuseWith: { code: CloseCode.Unauthenticated, reason: "token expired" },
  });
  let tickets = 0;
  await using client = closeOnDispose(
    new ChatClient({
      url: peer.url,
      reconnect: quickRetry,
      ticket: () => Promise.resolve(`ticket-${++tickets}`),
    }),
  );
  client.connect();
  await waitUntil(() => client.state.kind === "closed", "closed");
  await settle();
  assertEquals(client.state, {
    kind: "closed",
    code: CloseCode.Unauthenticated,
    reason: "token expired",
  });
  assertEquals(peer.tickets, ["ticket-1", "ticket-2"]);
});

Deno.test("a 4401 followed by a successful re-authentication keeps the client running", async () => {
  await using peer = await startChatPeer({
    refuseWith: { code: CloseCode.Unauthenticated, reason: "token expired" },
  });
  await using client = closeOnDispose(
    new ChatClient({ url: peer.url, reconnect: quickRetry }),
  );
  client.onState((state) => {
    if (state.kind === "reconnecting") peer.behaviour.refuseWith = undefined;
  });
  client.connect();
  await waitUntil(() => client.state.kind === "open", "open after the retry");
  assertEquals(peer.connections, 2);
});

Deno.test("a closed client refuses to send, saying why and what to do", async () => {
  await using peer = await startChatPeer({
    refuseWith: { code: CloseCode.Forbidden, reason: "banned" },
  });
  await using client = closeOnDispose(new ChatClient({ url: peer.url }));
  client.connect();
  await waitUntil(() => client.state.kind === "closed", "closed");
  assertThrows(
    () => client.say({ room: "a", text: "hi" }),
    (error: unknown) =>
      error instanceof ClientError && error.code === "closed" &&
      /banned.*connect\(\)/.test(error.message),
  );
});

Deno.test("close() ends retrying and resolves once the socket has closed", async () => {
  await using peer = await startChatPeer();
  const client = new ChatClient({ url: peer.url, reconnect: quickRetry });
  client.connect();
  await waitUntil(() => client.state.kind === "open", "open");
  await client.close();
  assertEquals(client.state, {
    kind: "closed",
    code: 1000,
    reason: "closed by the client",
  });
  await waitUntil(() => peer.openSockets === 0, "the server to see the close");
  await settle();
  assertEquals(peer.connections, 1);
});

Deno.test("close() on a closed client changes nothing: listeners hear 'closed' once", async () => {
  await using peer = await startChatPeer();
  const client = new ChatClient({ url: peer.url, reconnect: quickRetry });
  const states: string[] = [];
  client.onState((state) => states.push(state.kind));
  client.connect();
  await waitUntil(() => client.state.kind === "open", "open");
  await client.close(4000, "first");
  await client.close();
  assertEquals(client.state, { kind: "closed", code: 4000, reason: "first" });
  assertEquals(states.filter((kind) => kind === "closed").length, 1);
});

Deno.test("connect() after close() starts a new session", async () => {
  await using peer = await startChatPeer();
  await using client = closeOnDispose(new ChatClient({ url: peer.url }));
  client.connect();
  client.join({ room: "a" });
  await waitUntil(() => client.state.kind === "open", "open");
  await client.close();
  client.connect();
  await waitUntil(() => client.state.kind === "open", "open again");
  client.say({ room: "b", text: "fresh" });
  await waitUntil(() => peer.received.length === 2, "two frames");
  // Rooms of the closed session are not re-joined.
  assertEquals(
    peer.received.map((frame) => [frame.connection, frame.envelope.type]),
    [[1, "join"], [2, "say"]],
  );
});
