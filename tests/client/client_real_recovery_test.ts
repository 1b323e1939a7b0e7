/**
 * The generated client against the real server on a route with history:
 * what it missed while disconnected reaches it after the reconnect, or it
 * is told it cannot.
 */
import { ChatClient } from "../../protocol/gen/chat_client.ts";
import type { ChatMessage } from "../../protocol/gen/chat_protocol.ts";
import type {
  ConnectionState,
  RecoveryResult,
} from "@wiretype/wiretype/client";
import { assertEquals } from "../_helpers/assert.ts";
import {
  nextValue,
  type Recording,
  recordValues,
} from "../_helpers/client_events.ts";
import { testChatRoute } from "../_helpers/server_chat.ts";
import { serveForTest, type TestServer } from "../_helpers/server_harness.ts";

/**
 * A client whose connections the test can drop, and which connects again
 * only once the test lets it (`reopen`), so what happens meanwhile is
 * certain to be missed.
 */
function droppableClient(served: TestServer) {
  const sockets: WebSocket[] = [];
  let gate = Promise.withResolvers<void>();
  gate.resolve();
  const client = new ChatClient({
    url: served.wsUrl,
    reconnect: { initialDelayMs: 20, maxDelayMs: 50 },
    // Awaited before every attempt; the ticket itself is not checked.
    ticket: async () => {
      await gate.promise;
      return "unused";
    },
    WebSocket: class extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        sockets.push(this);
      }
    },
  });
  return {
    client,
    async drop(): Promise<void> {
      gate = Promise.withResolvers<void>();
      const reconnecting = nextValue<ConnectionState>(
        (fn) => client.onState(fn),
        "reconnecting",
        (state) => state.kind === "reconnecting",
      );
      sockets.at(-1)!.close(4000, "dropped by the test");
      await reconnecting;
    },
    reopen(): void {
      gate.resolve();
    },
  };
}

/** Says `texts` in `general` and waits until the sender got its own copy of the last one. */
async function say(client: ChatClient, texts: readonly string[]) {
  const last = nextValue<ChatMessage>(
    (fn) => client.on("message", fn),
    `"${texts.at(-1)}"`,
    (message) => message.text === texts.at(-1),
  );
  for (const text of texts) client.say({ room: "general", text });
  await last;
}

/**
 * Ann and Ben in `general` on a real server keeping `historySize` messages;
 * Ann's connection drops while Ben says three messages, then comes back.
 * `check` gets what Ann's client reported and heard.
 */
async function afterMissingThree(
  historySize: number,
  check: (scene: {
    readonly recovery: RecoveryResult;
    readonly ann: ChatClient;
    readonly ben: ChatClient;
    readonly heard: Recording<ChatMessage>;
  }) => Promise<void>,
): Promise<void> {
  const served = await serveForTest({
    routes: [testChatRoute({ history: { size: historySize, ttlMs: 60_000 } })],
  });
  const ann = droppableClient(served);
  const ben = new ChatClient({ url: served.wsUrl });
  const heard = recordValues<ChatMessage>((fn) => ann.client.on("message", fn));
  try {
    ann.client.connect();
    ben.connect();
    ann.client.join({ room: "general" });
    ben.join({ room: "general" });
    await ann.client.history({ room: "general" });
    await say(ben, ["before"]);
    await heard.reach(1, "the first message");

    await ann.drop();
    await say(ben, ["missed 1", "missed 2", "missed 3"]);
    const recovery = nextValue<RecoveryResult>(
      (fn) => ann.client.onRecovery(fn),
      "the recovery",
    );
    ann.reopen();
    await check({ recovery: await recovery, ann: ann.client, ben, heard });
  } finally {
    await ann.client.close();
    await ben.close();
    await served.close();
  }
}

Deno.test("against the real server with history, messages said while a client was disconnected reach it in order after the reconnect, reported as recovered", async () => {
  await afterMissingThree(50, async ({ recovery, ann, ben, heard }) => {
    assertEquals(recovery, {
      reason: "reconnect",
      recovered: true,
      streams: { "room:general": { recovered: true } },
    });
    await say(ben, ["after"]);
    await heard.reach(5, "five messages");
    assertEquals(heard.values.map((message) => message.text), [
      "before",
      "missed 1",
      "missed 2",
      "missed 3",
      "after",
    ]);
    const state = ann.state;
    assertEquals(state.kind === "open" && state.recovered, true);
  });
});

Deno.test("against the real server with a history of 2, a client that missed 3 messages is told the room was not recovered and gets none of them", async () => {
  await afterMissingThree(2, async ({ recovery, ben, heard }) => {
    assertEquals(recovery, {
      reason: "reconnect",
      recovered: false,
      streams: { "room:general": { recovered: false, why: "too_far_behind" } },
    });
    await say(ben, ["after"]);
    await heard.reach(2, "the message after");
    assertEquals(heard.values.map((message) => message.text), [
      "before",
      "after",
    ]);
  });
});
