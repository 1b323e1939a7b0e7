import {
  ChatClient,
  chatClientProtocol,
} from "../../protocol/gen/chat_client.ts";
import type {
  ChatMessage,
  ChatServerEvents,
} from "../../protocol/gen/chat_protocol.ts";
import {
  type ConnectionState,
  ProtocolError,
  WiretypeClient,
} from "@wiretype/wiretype/client";
import {
  assertEquals,
  assertRejects,
  assertThrows,
} from "../_helpers/assert.ts";
import { waitUntil } from "../_helpers/client_chat_peer.ts";
import { startRealChatServer } from "../_helpers/client_real_server.ts";
import { closeOnDispose } from "../_helpers/disposable.ts";

const fastReconnect = { initialDelayMs: 50, maxDelayMs: 200 };

/** A chat client of another protocol version, as an old generated one would be. */
class StaleChatClient extends WiretypeClient<ChatServerEvents> {
  say(data: { room: string; text: string }): void {
    this.sendMessage("say", data);
  }
}

Deno.test("against the real server, two clients reconnect after a restart, rejoin their room and chat again", async () => {
  const real = await startRealChatServer();
  const alice = new ChatClient({ url: real.url, reconnect: fastReconnect });
  const bob = new ChatClient({ url: real.url, reconnect: fastReconnect });
  const aliceStates: ConnectionState["kind"][] = [];
  alice.onState((state) => aliceStates.push(state.kind));
  const bobHeard: string[] = [];
  bob.on("message", (message: ChatMessage) => bobHeard.push(message.text));
  try {
    for (const client of [alice, bob]) {
      client.connect();
      client.join({ room: "general" });
    }
    await waitUntil(
      () => alice.state.kind === "open" && bob.state.kind === "open",
      "both open",
    );
    await alice.history({ room: "general" }); // the join was handled before this answer
    await bob.history({ room: "general" });
    alice.say({ room: "general", text: "before" });
    await waitUntil(() => bobHeard.length === 1, "the first message");

    await real.stop();
    await waitUntil(
      () => alice.state.kind === "reconnecting",
      "alice reconnecting",
    );
    alice.say({ room: "general", text: "while down" });
    await real.start();
    await waitUntil(
      () => alice.state.kind === "open" && bob.state.kind === "open",
      "both reopened",
    );
    await bob.history({ room: "general" }); // bob's rejoin was handled
    alice.say({ room: "general", text: "after" });
    await waitUntil(
      () => bobHeard.includes("after"),
      "the message after the restart",
    );

    assertEquals(aliceStates.slice(0, 3), [
      "connecting",
      "open",
      "reconnecting",
    ]);
    assertEquals(aliceStates.at(-1), "open");
    // Bob may have rejoined just after alice's queued message went out.
    assertEquals(bobHeard[0], "before");
    assertEquals(bobHeard.at(-1), "after");
  } finally {
    await alice.close();
    await bob.close();
    await real.stop();
  }
});

Deno.test("against the real server, pongs keep the connection alive across many pings", async () => {
  await using real = await startRealChatServer({
    heartbeat: { pingIntervalMs: 200, pongTimeoutMs: 600 },
  });
  await using client = closeOnDispose(new ChatClient({ url: real.url }));
  const states: ConnectionState["kind"][] = [];
  client.onState((state) => states.push(state.kind));
  client.connect();
  await waitUntil(() => client.state.kind === "open", "open");
  // Ten ping intervals: a client that did not answer would be closed as stalled after four.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  assertEquals(states, ["connecting", "open"]);
  assertEquals(real.server.stats().openConnections, 1);
});

Deno.test("against the real server, a client generated from another protocol version stops with 4409", async () => {
  await using real = await startRealChatServer();
  await using stale = closeOnDispose(
    new StaleChatClient({
      ...chatClientProtocol,
      version: "000000000000",
    }, {
      url: real.url,
      reconnect: fastReconnect,
    }),
  );
  stale.connect();
  await waitUntil(() => stale.state.kind === "closed", "closed");
  const state = stale.state;
  assertEquals(state.kind === "closed" && state.code, 4409);
  assertEquals(
    state.kind === "closed" &&
      state.reason.endsWith(
        ": client and server come from different protocol files; regenerate and deploy the older one",
      ),
    true,
  );
  // What is sent afterwards says to regenerate, not to connect again.
  assertThrows(
    () => stale.say({ room: "general", text: "hi" }),
    Error,
    "regenerate the client",
  );
});

Deno.test("against the real server, an RPC resolves with its answer and rejects with the server's error", async () => {
  await using real = await startRealChatServer();
  await using client = closeOnDispose(new ChatClient({ url: real.url }));
  client.connect();
  client.join({ room: "general" });
  client.say({ room: "general", text: "hello" });
  const { messages } = await client.history({ room: "general", limit: 5 });
  assertEquals(messages.map((message) => message.text), ["hello"]);
  await assertRejects(
    () => client.history({ room: "Not A Room" }),
    (error: unknown) => {
      assertEquals(
        error instanceof ProtocolError && [error.code, error.path],
        ["invalid_data", "$.room"],
      );
      return true;
    },
  );
});

Deno.test("against the real server, a URL that already ends with the protocol's path reaches it as the bare origin does", async () => {
  await using real = await startRealChatServer();
  await using client = closeOnDispose(
    new ChatClient({
      url: `${real.url}/chat`,
      reconnect: fastReconnect,
    }),
  );
  client.connect();
  const { messages } = await client.history({ room: "general", limit: 5 });
  assertEquals(messages, []);
  assertEquals(client.state.kind, "open");
});
