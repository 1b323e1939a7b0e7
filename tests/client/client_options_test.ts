import { ChatClient } from "../../protocol/gen/chat_client.ts";
import { ClientError, WiretypeClient } from "@wiretype/wiretype/client";
import { RESERVED_CLIENT_MEMBERS } from "@wiretype/wiretype/codegen-runtime";
import { assertEquals, assertThrows } from "../_helpers/assert.ts";
import { startChatPeer, waitUntil } from "../_helpers/client_chat_peer.ts";

function assertInvalidOption(options: Record<string, unknown>, named: string) {
  assertThrows(
    () => new ChatClient({ url: "ws://127.0.0.1:8000", ...options }),
    (error: unknown) => {
      assertEquals(
        error instanceof ClientError && error.code,
        "invalid_option",
      );
      assertEquals(
        (error as Error).message.includes(named),
        true,
        (error as Error).message,
      );
      return true;
    },
  );
}

Deno.test("a bad option is refused at construction with an error naming it", () => {
  assertInvalidOption({ url: "ftp://example.com" }, "url");
  assertInvalidOption({ url: "not a url" }, "url");
  assertInvalidOption({ reconnect: { factor: 0.5 } }, "reconnect.factor");
  assertInvalidOption(
    { reconnect: { initialDelayMs: -1 } },
    "reconnect.initialDelayMs",
  );
  assertInvalidOption(
    { reconnect: { maxAttempts: 1.5 } },
    "reconnect.maxAttempts",
  );
  assertInvalidOption({ queue: { maxMessages: -1 } }, "queue.maxMessages");
  assertInvalidOption({ rpcTimeoutMs: Infinity }, "rpcTimeoutMs");
  assertInvalidOption({ serverSilenceMs: 0 }, "serverSilenceMs");
  assertInvalidOption({ ticket: "abc" }, "ticket");
});

Deno.test("without a global WebSocket the error says to pass one", () => {
  const original = globalThis.WebSocket;
  Reflect.deleteProperty(globalThis, "WebSocket");
  try {
    assertInvalidOption({}, "options.WebSocket");
  } finally {
    globalThis.WebSocket = original;
  }
});

Deno.test("a message beyond queue.maxMessages throws queue_full while earlier ones stay queued", async () => {
  const peer = await startChatPeer();
  const client = new ChatClient({ url: peer.url, queue: { maxMessages: 2 } });
  try {
    client.say({ room: "a", text: "1" });
    client.say({ room: "a", text: "2" });
    assertThrows(
      () => client.say({ room: "a", text: "3" }),
      (error: unknown) =>
        error instanceof ClientError && error.code === "queue_full",
    );
    client.connect();
    await waitUntil(() => peer.received.length === 2, "the queued messages");
    await waitUntil(() => client.state.kind === "open", "open");
    client.say({ room: "a", text: "4" });
    await waitUntil(
      () => peer.received.length === 3,
      "the message sent once open",
    );
    assertEquals(
      peer.received.map((frame) =>
        (frame.envelope.data as { text: string }).text
      ),
      ["1", "2", "4"],
    );
  } finally {
    await client.close();
    await peer.stop();
  }
});

Deno.test("RESERVED_CLIENT_MEMBERS lists exactly the base class's members", () => {
  const members = Object.getOwnPropertyNames(WiretypeClient.prototype);
  assertEquals([...members].sort(), [...RESERVED_CLIENT_MEMBERS].sort());
});

Deno.test("close() refuses a code or reason that browsers would reject", async () => {
  const client = new ChatClient({ url: "ws://127.0.0.1:9" });
  for (
    const [code, reason] of [[1001, "bye"], [2999, "bye"], [
      1000,
      "x".repeat(124),
    ]] as const
  ) {
    assertThrows(
      () => client.close(code, reason),
      (error: unknown) =>
        error instanceof ClientError && error.code === "invalid_option",
    );
  }
  assertEquals(client.state.kind, "idle");
  await client.close(4000, "done");
  assertEquals(client.state, { kind: "closed", code: 4000, reason: "done" });
});
