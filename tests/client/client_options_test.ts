import { ChatClient } from "../../protocol/gen/chat_client.ts";
import { ClientError, WiretypeClient } from "@wiretype/wiretype/client";
import { RESERVED_CLIENT_MEMBERS } from "@wiretype/wiretype/codegen-runtime";
import { assertEquals, assertThrows } from "../_helpers/assert.ts";
import { startChatPeer, waitUntil } from "../_helpers/client_chat_peer.ts";
import {
  assertOptionError,
  assertOptionRejection,
} from "../_helpers/option_error.ts";
import { closeOnDispose } from "../_helpers/disposable.ts";

function create(options: Record<string, unknown>) {
  return () => new ChatClient({ url: "ws://127.0.0.1:8000", ...options });
}

Deno.test("a URL the client cannot connect to is a TypeError naming it", () => {
  assertOptionError(
    create({ url: "ftp://example.com" }),
    TypeError,
    'ChatClient: url must use ws:, wss:, http: or https:, got "ftp:"',
  );
  assertOptionError(
    create({ url: "not a url" }),
    TypeError,
    'ChatClient: url must be an absolute URL such as ws://127.0.0.1:8000, got "not a url"',
  );
});

Deno.test("a number option out of range is a RangeError naming it and the value", () => {
  assertOptionError(
    create({ reconnect: { factor: 0.5 } }),
    RangeError,
    "ChatClient: reconnect.factor must be a number >= 1, got 0.5",
  );
  assertOptionError(
    create({ reconnect: { initialDelayMs: -1 } }),
    RangeError,
    "ChatClient: reconnect.initialDelayMs must be a positive number of at most 2147483647, got -1",
  );
  assertOptionError(
    create({ reconnect: { maxDelayMs: 2 ** 31 } }),
    RangeError,
    "reconnect.maxDelayMs",
  );
  assertOptionError(
    create({ reconnect: { maxAttempts: 1.5 } }),
    RangeError,
    "ChatClient: reconnect.maxAttempts must be an integer >= 0 or Infinity, got 1.5",
  );
  assertOptionError(
    create({ queue: { maxMessages: -1 } }),
    RangeError,
    "ChatClient: queue.maxMessages must be an integer >= 0, got -1",
  );
  assertOptionError(
    create({ rpcTimeoutMs: Infinity }),
    RangeError,
    "rpcTimeoutMs",
  );
  assertOptionError(create({ openTimeoutMs: 0 }), RangeError, "openTimeoutMs");
  assertOptionError(
    create({ serverSilenceMs: 0 }),
    RangeError,
    "serverSilenceMs",
  );
});

Deno.test("an option of the wrong type is a TypeError naming it", () => {
  assertOptionError(
    create({ ticket: "abc" }),
    TypeError,
    'ChatClient: ticket must be a function, got "abc"',
  );
  assertOptionError(create({ token: 42 }), TypeError, "ChatClient: token");
  assertOptionError(create({ random: 0.5 }), TypeError, "ChatClient: random");
  assertOptionError(
    create({ rpcTimeoutMs: "10s" }),
    TypeError,
    'ChatClient: rpcTimeoutMs must be a positive number of at most 2147483647, got "10s"',
  );
  assertOptionError(
    create({ reconnect: false }),
    TypeError,
    "ChatClient: reconnect must be an object, got false",
  );
  assertOptionError(
    create({ validateIncoming: "no" }),
    TypeError,
    'ChatClient: validateIncoming must be true or false, got "no"',
  );
  assertOptionError(
    create({ timers: {} }),
    TypeError,
    "ChatClient: timers must be an object with setTimeout and clearTimeout",
  );
  assertOptionError(
    create({ WebSocket: {} }),
    TypeError,
    "ChatClient: WebSocket must be a WebSocket class",
  );
});

Deno.test("without a global WebSocket the error says to pass one", () => {
  const original = globalThis.WebSocket;
  Reflect.deleteProperty(globalThis, "WebSocket");
  try {
    assertOptionError(create({}), TypeError, "pass options.WebSocket");
  } finally {
    globalThis.WebSocket = original;
  }
});

Deno.test("a message beyond queue.maxMessages throws queue_full while earlier ones stay queued", async () => {
  await using peer = await startChatPeer();
  await using client = closeOnDispose(
    new ChatClient({ url: peer.url, queue: { maxMessages: 2 } }),
  );
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
    assertOptionError(() => client.close(code, reason), RangeError, "close: ");
  }
  assertEquals(client.state.kind, "idle");
  await client.close(4000, "done");
  assertEquals(client.state, { kind: "closed", code: 4000, reason: "done" });
});

Deno.test("a WebSocket implementation that constructs no socket is reported as socket_failed and the client stops", async () => {
  const NotASocket = function () {
    return {};
  } as unknown as typeof WebSocket;
  const client = new ChatClient({
    url: "ws://127.0.0.1:9",
    WebSocket: NotASocket,
  });
  const errors: ClientError[] = [];
  client.onError((error) => errors.push(error));
  try {
    client.connect();
    await waitUntil(() => errors.length > 0, "an error reported");
    assertEquals(errors[0].code, "socket_failed");
    assertEquals(client.state.kind, "closed");
  } finally {
    await client.close();
  }
});

Deno.test("a misspelled client option is a TypeError suggesting the option", () => {
  assertOptionError(
    create({ rpcTimeout: 5_000 }),
    TypeError,
    "ChatClient: rpcTimeout is not an option (did you mean rpcTimeoutMs?); known options: url, ticket, token, reconnect, queue, rpcTimeoutMs, openTimeoutMs, serverSilenceMs, validateIncoming, WebSocket, random, timers",
  );
});

Deno.test("a misspelled reconnect or queue option is a TypeError suggesting the option", () => {
  assertOptionError(
    create({ reconnect: { maxDelay: 5_000 } }),
    TypeError,
    "ChatClient: reconnect.maxDelay is not an option (did you mean reconnect.maxDelayMs?); known options: initialDelayMs, factor, maxDelayMs, maxAttempts",
  );
  assertOptionError(
    create({ queue: { maxMessage: 5 } }),
    TypeError,
    "ChatClient: queue.maxMessage is not an option (did you mean queue.maxMessages?); known options: maxMessages",
  );
});

Deno.test("an RPC call's options are checked like the client's: a misspelled key or a bad value rejects at once and sends nothing", async () => {
  await using peer = await startChatPeer();
  await using client = closeOnDispose(new ChatClient({ url: peer.url }));
  client.connect();
  await waitUntil(() => client.state.kind === "open", "open");
  const history = (options: unknown) =>
    client.history({ room: "a" }, options as { timeoutMs?: number });
  await assertOptionRejection(
    history({ timeout: 2_000 }),
    TypeError,
    "ChatClient.history: options.timeout is not an option (did you mean options.timeoutMs?); known options: timeoutMs, signal",
  );
  await assertOptionRejection(
    history({ timeoutMs: 0 }),
    RangeError,
    "ChatClient.history: options.timeoutMs must be a positive number of at most 2147483647, got 0",
  );
  await assertOptionRejection(
    history({ timeoutMs: "2000" }),
    TypeError,
    "ChatClient.history: options.timeoutMs must be a positive number",
  );
  await assertOptionRejection(
    history({ signal: { aborted: false } }),
    TypeError,
    "ChatClient.history: options.signal must be an AbortSignal",
  );
  await assertOptionRejection(
    history(null),
    TypeError,
    "options must be an object",
  );
  assertEquals(peer.received.length, 0);
  // Good options pass: the call goes out.
  const sent = history({
    timeoutMs: 5_000,
    signal: new AbortController().signal,
  })
    .catch(() => {});
  await waitUntil(() => peer.received.length === 1, "the history request");
  assertEquals(peer.received[0].envelope.type, "history");
  client.close();
  await sent;
});
