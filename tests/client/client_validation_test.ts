import { ChatClient } from "../../protocol/gen/chat_client.ts";
import type { ChatMessage } from "../../protocol/gen/chat_protocol.ts";
import type { ClientDiagnostic, ClientError } from "@wiretype/wiretype/client";
import { assertEquals } from "../_helpers/assert.ts";
import { startChatPeer, waitUntil } from "../_helpers/client_chat_peer.ts";
import { closeOnDispose } from "../_helpers/disposable.ts";

const validMessage: ChatMessage = {
  id: "4f1c2a8e-5b7d-4c3e-9a1f-2b3c4d5e6f70",
  room: "general",
  user: "ada",
  text: "hi",
  sentAt: "2026-01-01T12:00:00Z",
};

async function withOpenClient(
  options: { validateIncoming?: boolean },
  run: (
    client: ChatClient,
    peer: Awaited<ReturnType<typeof startChatPeer>>,
    errors: ClientError[],
  ) => Promise<void>,
): Promise<void> {
  await using peer = await startChatPeer();
  await using client = closeOnDispose(
    new ChatClient({ url: peer.url, ...options }),
  );
  const errors: ClientError[] = [];
  client.onError((error) => errors.push(error));
  client.connect();
  await waitUntil(() => client.state.kind === "open", "open");
  await run(client, peer, errors);
}

Deno.test("a valid event reaches its listeners with its data", async () => {
  await withOpenClient({}, async (client, peer) => {
    const messages: ChatMessage[] = [];
    client.on("message", (message) => messages.push(message));
    peer.sendRaw(JSON.stringify({ type: "message", data: validMessage }));
    await waitUntil(() => messages.length === 1, "the message");
    assertEquals(messages, [validMessage]);
  });
});

Deno.test("an invalid event is reported through onError with its path, never given to listeners", async () => {
  await withOpenClient({}, async (client, peer, errors) => {
    const messages: ChatMessage[] = [];
    client.on("message", (message) => messages.push(message));
    peer.sendRaw(
      JSON.stringify({
        type: "message",
        data: { ...validMessage, sentAt: 42 },
      }),
    );
    peer.sendRaw(JSON.stringify({ type: "message", data: validMessage }));
    await waitUntil(() => messages.length === 1, "the valid message");
    assertEquals(errors.map((error) => [error.code, error.issue?.path]), [[
      "invalid_event",
      "$.sentAt",
    ]]);
    assertEquals(messages, [validMessage]);
  });
});

Deno.test("with validateIncoming off, events are delivered unchecked", async () => {
  await withOpenClient(
    { validateIncoming: false },
    async (client, peer, errors) => {
      const texts: unknown[] = [];
      client.on("message", (message) => texts.push(message.text));
      peer.sendRaw(
        JSON.stringify({ type: "message", data: { ...validMessage, text: 7 } }),
      );
      await waitUntil(() => texts.length === 1, "the message");
      assertEquals(texts, [7]);
      assertEquals(errors, []);
    },
  );
});

Deno.test("an unknown event is ignored, counted and reported once as a diagnostic, not an error; the connection stays open", async () => {
  await withOpenClient({}, async (client, peer, errors) => {
    const diagnostics: ClientDiagnostic[] = [];
    client.onDiagnostic((diagnostic) => diagnostics.push(diagnostic));
    peer.sendRaw(JSON.stringify({ type: "surprise", data: null }));
    peer.sendRaw(JSON.stringify({ type: "surprise", data: { again: true } }));
    peer.sendRaw("{not json");
    await waitUntil(() => errors.length === 1, "the invalid frame");
    assertEquals(errors.map((error) => error.code), ["invalid_frame"]);
    assertEquals(
      diagnostics.map((d) => [d.kind, d.kind === "unknown_event" && d.event]),
      [
        ["unknown_event", "surprise"],
      ],
    );
    assertEquals(client.ignored, { events: 2, fields: 0 });
    assertEquals(client.state.kind, "open");
  });
});

Deno.test("an unknown field of an event is ignored and reported once; the event reaches its listeners", async () => {
  await withOpenClient({}, async (client, peer, errors) => {
    const diagnostics: ClientDiagnostic[] = [];
    client.onDiagnostic((diagnostic) => diagnostics.push(diagnostic));
    const messages: ChatMessage[] = [];
    client.on("message", (message) => messages.push(message));
    const withMood = { ...validMessage, mood: "calm" };
    peer.sendRaw(JSON.stringify({ type: "message", data: withMood }));
    peer.sendRaw(JSON.stringify({ type: "message", data: withMood }));
    await waitUntil(() => messages.length === 2, "both messages");
    assertEquals(messages, [withMood, withMood]);
    assertEquals(errors, []);
    assertEquals(diagnostics.length, 1);
    assertEquals(
      diagnostics[0].message,
      'ignored the field "mood" of ChatMessage, which this client\'s protocol does not define (the server is newer; to use it, regenerate the client: deno run -A jsr:@wiretype/wiretype/codegen <dir>)',
    );
    assertEquals(client.ignored, { events: 0, fields: 2 });
  });
});

Deno.test("a frame that is not JSON is reported as invalid_frame, and the connection stays open", async () => {
  await withOpenClient({}, async (client, peer, errors) => {
    peer.sendRaw("{not json");
    await waitUntil(() => errors.length === 1, "the error");
    assertEquals(errors[0].code, "invalid_frame");
    assertEquals(client.state.kind, "open");
  });
});

Deno.test("a listener that throws is reported as listener_failed and the other listeners still run", async () => {
  await withOpenClient({}, async (client, peer, errors) => {
    let reached = false;
    client.on("message", () => {
      throw new Error("app bug");
    });
    client.on("message", () => {
      reached = true;
    });
    peer.sendRaw(JSON.stringify({ type: "message", data: validMessage }));
    await waitUntil(() => reached, "the second listener");
    assertEquals(
      errors.map((error) => [error.code, (error.cause as Error).message]),
      [["listener_failed", "app bug"]],
    );
  });
});

Deno.test("an error about a message that was not an RPC is reported as server_error", async () => {
  await withOpenClient({}, async (_client, peer, errors) => {
    peer.sendRaw(
      JSON.stringify({
        type: "error",
        data: { code: "invalid_data", message: "bad", path: "$.text" },
      }),
    );
    await waitUntil(() => errors.length === 1, "the error");
    assertEquals(errors[0].code, "server_error");
  });
});

Deno.test("an unsubscribed listener is no longer called", async () => {
  await withOpenClient({}, async (client, peer) => {
    const seen: string[] = [];
    const stop = client.on("message", () => seen.push("first"));
    client.on("message", () => seen.push("second"));
    stop();
    peer.sendRaw(JSON.stringify({ type: "message", data: validMessage }));
    await waitUntil(() => seen.length === 1, "one call");
    assertEquals(seen, ["second"]);
  });
});

Deno.test("an unknown event's diagnostic names the command that regenerates the client, not this repository's task", async () => {
  await withOpenClient({}, async (client, peer) => {
    const diagnostics: ClientDiagnostic[] = [];
    client.onDiagnostic((diagnostic) => diagnostics.push(diagnostic));
    peer.sendRaw(JSON.stringify({ type: "surprise", data: null }));
    await waitUntil(() => diagnostics.length === 1, "the diagnostic");
    assertEquals(
      diagnostics[0].message,
      'ignored the event "surprise", which this client\'s protocol does not define (the server is newer; to use it, regenerate the client: deno run -A jsr:@wiretype/wiretype/codegen <dir>)',
    );
  });
});
