import { assert, assertEquals } from "../_helpers/assert.ts";
import { serveForTest, type TestServer } from "../_helpers/server_harness.ts";
import { testChatRoute } from "../_helpers/server_chat.ts";
import { openWsClient, type WsTestClient } from "../_helpers/ws_client.ts";
import { CloseCode } from "../../src/wire/close_codes.ts";
import { ErrorCode } from "../../src/wire/protocol_error.ts";

/** Serves the test chat, connects one client, and cleans up after `body`. */
async function withChatClient(
  body: (client: WsTestClient, served: TestServer) => Promise<void>,
  limits: Record<string, number> = {},
): Promise<void> {
  await using served = await serveForTest({
    routes: [testChatRoute()],
    limits,
  });
  await using client = await openWsClient(`${served.wsUrl}/chat`);
  await client.nextOfType("welcome");
  await body(client, served);
}

interface ErrorReply {
  readonly id?: number | string;
  readonly code: string;
  readonly message: string;
  readonly path?: string;
}

async function errorFor(
  client: WsTestClient,
  frame: unknown,
): Promise<ErrorReply> {
  client.send(frame);
  const reply = await client.nextOfType("error");
  return { id: reply.id, ...(reply.data as Omit<ErrorReply, "id">) };
}

Deno.test("invalid JSON gets an invalid_json error reply", async () => {
  await withChatClient(async (client) => {
    const error = await errorFor(client, "{not json");
    assertEquals(error.code, ErrorCode.InvalidJson);
  });
});

Deno.test("JSON that is not an envelope gets invalid_envelope", async () => {
  await withChatClient(async (client) => {
    assertEquals(
      (await errorFor(client, "[1,2]")).code,
      ErrorCode.InvalidEnvelope,
    );
    assertEquals(
      (await errorFor(client, { data: {} })).code,
      ErrorCode.InvalidEnvelope,
    );
  });
});

Deno.test("an unknown message type gets unknown_type", async () => {
  await withChatClient(async (client) => {
    const error = await errorFor(client, { type: "dance", data: {} });
    assertEquals(error.code, ErrorCode.UnknownType);
  });
});

Deno.test("invalid data gets invalid_data with the JSON path of the offending value", async () => {
  await withChatClient(async (client) => {
    const error = await errorFor(client, {
      type: "say",
      data: { room: "Not A Room!", text: "hi" },
    });
    assertEquals(error.code, ErrorCode.InvalidData);
    assertEquals(error.path, "$.room");
  });
});

Deno.test("an invalid RPC request is answered with its id", async () => {
  await withChatClient(async (client) => {
    const error = await errorFor(client, {
      type: "history",
      id: 7,
      data: { room: "r", limit: 1000 },
    });
    assertEquals(error.id, 7);
    assertEquals(error.code, ErrorCode.InvalidData);
    assertEquals(error.path, "$.limit");
  });
});

Deno.test("an RPC without an id gets missing_id", async () => {
  await withChatClient(async (client) => {
    const error = await errorFor(client, {
      type: "history",
      data: { room: "r" },
    });
    assertEquals(error.code, ErrorCode.MissingId);
  });
});

Deno.test("a plain message sent with an id gets unexpected_id, echoing the id", async () => {
  await withChatClient(async (client) => {
    const error = await errorFor(client, {
      type: "join",
      id: 3,
      data: { room: "r" },
    });
    assertEquals(error.code, ErrorCode.UnexpectedId);
    assertEquals(error.id, 3);
  });
});

Deno.test("JSON nested deeper than maxJsonDepth gets too_deep", async () => {
  await withChatClient(async (client) => {
    const deep = "[".repeat(10) + "]".repeat(10);
    const error = await errorFor(client, `{"type":"say","data":${deep}}`);
    assertEquals(error.code, ErrorCode.TooDeep);
  }, { maxJsonDepth: 8 });
});

Deno.test("a binary frame gets binary_not_supported", async () => {
  await withChatClient(async (client) => {
    client.socket.send(new Uint8Array([1, 2, 3]));
    const reply = await client.nextOfType("error");
    assertEquals(
      (reply.data as { code: string }).code,
      ErrorCode.BinaryNotSupported,
    );
  });
});

Deno.test("bad input is counted by code in stats and logged", async () => {
  await withChatClient(async (client, served) => {
    await errorFor(client, "{");
    await errorFor(client, { type: "dance", data: null });
    const stats = served.server.stats();
    assertEquals(stats.rejectedMessages[ErrorCode.InvalidJson], 1);
    assertEquals(stats.rejectedMessages[ErrorCode.UnknownType], 1);
    const logged = served.logs.filter((e) => e.kind === "message_rejected");
    assertEquals(logged.length, 2);
  });
});

Deno.test("repeated bad input past maxStrikes closes the connection with 1008", async () => {
  await withChatClient(async (client) => {
    for (let i = 0; i < 4; i++) client.send("{");
    const closed = await client.closed;
    assertEquals(closed.code, CloseCode.PolicyViolation);
    assertEquals(
      client.received.filter((f) => f.type === "error").length,
      4,
    );
  }, { maxStrikes: 3 });
});

Deno.test("a handler that throws gets internal_error and a log line, and the connection keeps working", async () => {
  await withChatClient(async (client, served) => {
    client.send({ type: "join", data: { room: "r" } });
    await client.nextOfType("joined");
    const error = await errorFor(client, {
      type: "say",
      data: { room: "r", text: "throw" },
    });
    assertEquals(error.code, ErrorCode.InternalError);
    const logged = served.logs.find((e) => e.kind === "handler_error");
    assert(logged?.kind === "handler_error");
    assertEquals(logged.handler, "say");
    assertEquals((logged.error as Error).message, "a handler bug, on purpose");
    assertEquals(served.server.stats().handlerErrors, 1);
    client.send({ type: "say", data: { room: "r", text: "still here" } });
    const message = await client.nextOfType("message");
    assertEquals((message.data as { text: string }).text, "still here");
  });
});

Deno.test("a handler that throws a ProtocolError answers with that error's code", async () => {
  await withChatClient(async (client, served) => {
    const error = await errorFor(client, {
      type: "say",
      data: { room: "r", text: "forbidden" },
    });
    assertEquals(error.code, ErrorCode.Forbidden);
    assertEquals(error.message, "not in this room");
    assertEquals(served.server.stats().handlerErrors, 0);
  });
});

Deno.test("an RPC is answered with its id and the handler's result", async () => {
  await withChatClient(async (client) => {
    client.send({ type: "join", data: { room: "r" } });
    client.send({ type: "say", data: { room: "r", text: "one" } });
    client.send({ type: "history", id: "h1", data: { room: "r" } });
    const answer = await client.nextOfType("history");
    assertEquals(answer.id, "h1");
    const { messages } = answer.data as { messages: { text: string }[] };
    assertEquals(messages.map((m) => m.text), ["one"]);
  });
});
