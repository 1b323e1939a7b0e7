import { ChatClient } from "../../protocol/gen/chat_client.ts";
import { ClientError, ProtocolError } from "@wiretype/wiretype/client";
import { assertEquals, assertRejects } from "../_helpers/assert.ts";
import { startChatPeer, waitUntil } from "../_helpers/client_chat_peer.ts";
import { ManualClock } from "../_helpers/client_clock.ts";
import { closeOnDispose } from "../_helpers/disposable.ts";

function assertClientError(code: string) {
  return (error: unknown) => {
    assertEquals(error instanceof ClientError && error.code, code);
    return true;
  };
}

Deno.test("an RPC resolves with the server's answer", async () => {
  await using peer = await startChatPeer();
  await using client = closeOnDispose(new ChatClient({ url: peer.url }));
  client.connect();
  client.join({ room: "general" });
  client.say({ room: "general", text: "hello" });
  const { messages } = await client.history({ room: "general", limit: 10 });
  assertEquals(messages.map((message) => [message.user, message.text]), [[
    "user1",
    "hello",
  ]]);
});

Deno.test("an RPC made while disconnected is sent once the connection opens", async () => {
  await using peer = await startChatPeer();
  await using client = closeOnDispose(new ChatClient({ url: peer.url }));
  const answer = client.history({ room: "general" });
  client.connect();
  assertEquals(await answer, { messages: [] });
});

Deno.test("an RPC without an answer rejects with rpc_timeout after rpcTimeoutMs", async () => {
  await using peer = await startChatPeer({ answerRpcs: false });
  const clock = new ManualClock();
  await using client = closeOnDispose(
    new ChatClient({
      url: peer.url,
      timers: clock,
      rpcTimeoutMs: 5_000,
    }),
  );
  client.connect();
  await waitUntil(() => client.state.kind === "open", "open");
  const answer = client.history({ room: "general" });
  await waitUntil(() => peer.received.length === 1, "the request");
  clock.advance(4_999);
  clock.advance(1);
  await assertRejects(() => answer, assertClientError("rpc_timeout"));
});

Deno.test("a per-call timeoutMs overrides the client's rpcTimeoutMs", async () => {
  await using peer = await startChatPeer({ answerRpcs: false });
  await using client = closeOnDispose(
    new ChatClient({ url: peer.url, rpcTimeoutMs: 60_000 }),
  );
  client.connect();
  const started = performance.now();
  await assertRejects(
    () => client.history({ room: "general" }, { timeoutMs: 200 }),
    assertClientError("rpc_timeout"),
  );
  const elapsedMs = performance.now() - started;
  assertEquals(elapsedMs >= 199 && elapsedMs < 30_000, true);
});

Deno.test("RPCs pending when the connection drops reject with disconnected", async () => {
  await using peer = await startChatPeer({ answerRpcs: false });
  await using client = closeOnDispose(
    new ChatClient({
      url: peer.url,
      reconnect: { initialDelayMs: 50 },
    }),
  );
  client.connect();
  const answers = [
    client.history({ room: "a" }),
    client.history({ room: "b" }),
  ];
  await waitUntil(() => peer.received.length === 2, "both requests");
  const settled = Promise.allSettled(answers);
  await peer.closeAll(1001, "restarting");
  const codes = (await settled).map((result) =>
    result.status === "rejected" && result.reason.code
  );
  assertEquals(codes, ["disconnected", "disconnected"]);
});

Deno.test("an aborted RPC rejects with aborted and leaves the queue", async () => {
  await using peer = await startChatPeer();
  await using client = closeOnDispose(new ChatClient({ url: peer.url }));
  const controller = new AbortController();
  const answer = client.history({ room: "a" }, { signal: controller.signal });
  controller.abort();
  await assertRejects(() => answer, assertClientError("aborted"));
  client.connect();
  await waitUntil(() => client.state.kind === "open", "open");
  client.say({ room: "a", text: "after" });
  await waitUntil(() => peer.received.length === 1, "one frame");
  assertEquals(peer.received[0].envelope.type, "say");
});

Deno.test("an error answer rejects the RPC with the server's ProtocolError", async () => {
  await using peer = await startChatPeer({ answerRpcs: false });
  await using client = closeOnDispose(new ChatClient({ url: peer.url }));
  client.connect();
  const answer = client.history({ room: "general" });
  await waitUntil(() => peer.received.length === 1, "the request");
  const id = peer.received[0].envelope.id;
  peer.sendRaw(
    JSON.stringify({
      type: "error",
      id,
      data: { code: "forbidden", message: "not in room" },
    }),
  );
  await assertRejects(() => answer, (error: unknown) => {
    assertEquals(
      error instanceof ProtocolError && [error.code, error.message],
      ["forbidden", "not in room"],
    );
    return true;
  });
});

Deno.test("an answer that does not match the protocol rejects with invalid_result and a path", async () => {
  await using peer = await startChatPeer({ answerRpcs: false });
  await using client = closeOnDispose(new ChatClient({ url: peer.url }));
  const errors: ClientError[] = [];
  client.onError((error) => errors.push(error));
  client.connect();
  const answer = client.history({ room: "general" });
  await waitUntil(() => peer.received.length === 1, "the request");
  const id = peer.received[0].envelope.id;
  peer.sendRaw(
    JSON.stringify({ type: "history", id, data: { messages: [{ id: 1 }] } }),
  );
  await assertRejects(() => answer, (error: unknown) => {
    assertEquals(
      error instanceof ClientError && [error.code, error.issue?.path],
      ["invalid_result", "$.messages[0].id"],
    );
    return true;
  });
  assertEquals(errors.map((error) => error.code), ["invalid_result"]);
});

Deno.test("an RPC beyond the queue bound rejects with queue_full", async () => {
  const client = new ChatClient({
    url: "ws://127.0.0.1:9",
    queue: { maxMessages: 1 },
  });
  client.join({ room: "a" });
  await assertRejects(
    () => client.history({ room: "a" }),
    assertClientError("queue_full"),
  );
  await client.close();
});
