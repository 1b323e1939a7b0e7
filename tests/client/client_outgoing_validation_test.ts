import { ChatClient } from "../../protocol/gen/chat_client.ts";
import { ErrorCode, ProtocolError } from "@wiretype/wiretype/client";
import { assert, assertEquals } from "../_helpers/assert.ts";
import { waitUntil } from "../_helpers/client_chat_peer.ts";
import {
  type RealChatServer,
  startRealChatServer,
} from "../_helpers/client_real_server.ts";
import { openWsClient } from "../_helpers/ws_client.ts";
import { closeOnDispose } from "../_helpers/disposable.ts";

/** Runs `body` with a client open on a fresh real chat server, both closed afterwards. */
async function withOpenClient(
  body: (client: ChatClient, real: RealChatServer) => Promise<void>,
): Promise<void> {
  await using real = await startRealChatServer();
  await using client = closeOnDispose(new ChatClient({ url: real.url }));
  client.connect();
  await waitUntil(() => client.state.kind === "open", "open");
  await body(client, real);
}

/** The error the real server answers for `data` sent raw as the RPC `type`. */
async function serverAnswer(
  real: RealChatServer,
  type: string,
  data: unknown,
): Promise<unknown> {
  await using raw = await openWsClient(`${real.url}/chat`);
  raw.send({ type, id: 1, data });
  return (await raw.nextOfType("error")).data;
}

function thrownBy(send: () => void): unknown {
  try {
    send();
  } catch (error) {
    return error;
  }
  throw new Error("expected the send to throw");
}

Deno.test("a message with invalid data throws the server's invalid_data error and its path, and nothing reaches the server", async () => {
  await withOpenClient(async (client, real) => {
    const before = real.server.stats().messagesIn;
    const empty = thrownBy(() => client.say({ room: "general", text: "" }));
    const long = thrownBy(() =>
      client.say({ room: "general", text: "x".repeat(2001) })
    );
    assert(empty instanceof ProtocolError);
    assertEquals(empty.toData(), {
      code: ErrorCode.InvalidData,
      message: "expected at least 1 character",
      path: "$.text",
    });
    assert(long instanceof ProtocolError);
    assertEquals(long.path, "$.text");
    // A valid RPC's answer proves the server read everything sent before it.
    await client.history({ room: "general" });
    assertEquals(real.server.stats().messagesIn, before + 1);
  });
});

Deno.test("an RPC with invalid data rejects at once with the error the server would answer, and nothing reaches the server", async () => {
  await withOpenClient(async (client, real) => {
    const before = real.server.stats().messagesIn;
    const refused = await client.history({ room: "general", limit: 0 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert(refused instanceof ProtocolError);
    assertEquals(
      refused.toData(),
      await serverAnswer(real, "history", { room: "general", limit: 0 }),
    );
    assertEquals(refused.path, "$.limit");
    await client.history({ room: "general" });
    // The raw socket's one RPC is the only other message the server got.
    assertEquals(real.server.stats().messagesIn, before + 2);
  });
});

Deno.test("repeated invalid input from the user never costs the connection a 1008 close", async () => {
  await withOpenClient(async (client, real) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      assert(
        thrownBy(() =>
          client.say({ room: "Not A Room", text: "hi" })
        ) instanceof
          ProtocolError,
      );
    }
    const { messages } = await client.history({ room: "general" });
    assertEquals(messages, []);
    assertEquals(client.state.kind, "open");
    assertEquals(real.server.stats().rejectedMessages, {});
  });
});

Deno.test("an invalid message is not queued while disconnected, so it is not sent after the reconnect", async () => {
  await using real = await startRealChatServer();
  await using client = closeOnDispose(new ChatClient({ url: real.url }));
  assert(
    thrownBy(() => client.say({ room: "general", text: "" })) instanceof
      ProtocolError,
  );
  client.connect();
  await waitUntil(() => client.state.kind === "open", "open");
  await client.history({ room: "general" });
  assertEquals(real.server.stats().messagesIn, 1);
});
