import { ChatClient } from "../../protocol/gen/chat_client.ts";
import type { ChatServerEvents } from "../../protocol/gen/chat_protocol.ts";
import { chatRoute } from "../../protocol/gen/chat_server.ts";
import { createServer, type RouteOptions } from "@wiretype/wiretype/server";
import { ErrorCode, ProtocolError } from "../../src/wire/protocol_error.ts";
import type { ClientError } from "@wiretype/wiretype/client";
import {
  assert,
  assertEquals,
  assertRejects,
  assertThrows,
} from "../_helpers/assert.ts";
import {
  serveForTest,
  type TestServer,
  waitFor,
} from "../_helpers/server_harness.ts";
import { chatHandlers } from "../_helpers/server_chat.ts";

/**
 * A chat route whose `say` and `history` handlers wait until the test
 * releases them (by text, or by room for `history`), recording when each
 * starts and finishes and how many run at once.
 */
function gatedChat(options?: RouteOptions<ChatServerEvents>) {
  const started: string[] = [];
  const finished: string[] = [];
  const gates = new Map<string, PromiseWithResolvers<void>>();
  const waiters: (() => void)[] = [];
  let running = 0;
  let maxRunning = 0;
  const gate = (name: string) => {
    if (!gates.has(name)) gates.set(name, Promise.withResolvers<void>());
    return gates.get(name)!;
  };
  const changed = () => {
    for (const wake of waiters.splice(0)) wake();
  };
  const run = async (name: string) => {
    started.push(name);
    maxRunning = Math.max(maxRunning, ++running);
    changed();
    await gate(name).promise;
    running--;
    finished.push(name);
    changed();
  };
  const route = chatRoute({
    ...chatHandlers(),
    async say({ room, text }, ctx) {
      await run(text);
      ctx.send("message", {
        id: crypto.randomUUID(),
        room,
        user: "server",
        text,
        sentAt: new Date().toISOString(),
      });
    },
    async history({ room }) {
      await run(room);
      return { messages: [] };
    },
  }, options);
  return {
    route,
    started,
    finished,
    get maxRunning() {
      return maxRunning;
    },
    release(...names: string[]) {
      for (const name of names) gate(name).resolve();
    },
    /** Resolves once `condition` holds, checked whenever a handler starts or finishes. */
    async until(condition: () => boolean): Promise<void> {
      while (!condition()) {
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

/**
 * Serves `chat` and makes a client for it, not yet connected (so a test can
 * listen first); disposing closes the client, then the server, which waits
 * for handlers still running.
 */
async function serveChat(
  chat: ReturnType<typeof gatedChat>,
): Promise<{ served: TestServer; client: ChatClient } & AsyncDisposable> {
  const served = await serveForTest({ routes: [chat.route] });
  const client = new ChatClient({ url: served.wsUrl });
  return {
    served,
    client,
    async [Symbol.asyncDispose]() {
      await client.close();
      await served.close();
    },
  };
}

function sayAll(client: ChatClient, room: string, texts: readonly string[]) {
  for (const text of texts) client.say({ room, text });
}

function received(client: ChatClient, count: number): Promise<string[]> {
  const texts: string[] = [];
  return new Promise((resolve) =>
    client.on("message", ({ text }) => {
      texts.push(text);
      if (texts.length === count) resolve(texts);
    })
  );
}

Deno.test("a connection's messages are handled one at a time, in the order they arrived, by default", async () => {
  const chat = gatedChat();
  await using session = await serveChat(chat);
  const { served, client } = session;
  const replies = received(client, 3);
  client.connect();
  sayAll(client, "auction", ["bid 1007", "bid 1008", "bid 1009"]);
  await waitFor(
    () => served.server.stats().messagesIn === 3,
    "the three messages at the server",
  );
  // Released last-first: still handled, and answered, first-first.
  chat.release("bid 1009", "bid 1008", "bid 1007");
  assertEquals(await replies, ["bid 1007", "bid 1008", "bid 1009"]);
  assertEquals(chat.started, ["bid 1007", "bid 1008", "bid 1009"]);
  assertEquals(chat.maxRunning, 1);
});

Deno.test('with concurrency "parallel" a connection\'s handlers overlap and finish in any order', async () => {
  const chat = gatedChat({ concurrency: "parallel" });
  await using session = await serveChat(chat);
  const { client } = session;
  const replies = received(client, 3);
  client.connect();
  sayAll(client, "general", ["one", "two", "three"]);
  await chat.until(() => chat.started.length >= 3);
  chat.release("three");
  await chat.until(() => chat.finished.length >= 1);
  chat.release("two");
  await chat.until(() => chat.finished.length >= 2);
  chat.release("one");
  assertEquals(await replies, ["three", "two", "one"]);
  assertEquals(chat.maxRunning, 3);
});

Deno.test("with concurrency 2 at most two handlers of a connection run at once, started in arrival order", async () => {
  const chat = gatedChat({ concurrency: 2 });
  await using session = await serveChat(chat);
  const { served, client } = session;
  const replies = received(client, 3);
  client.connect();
  sayAll(client, "general", ["one", "two", "three"]);
  await chat.until(() => chat.started.length >= 2);
  await waitFor(
    () => served.server.stats().messagesIn === 3,
    "the three messages at the server",
  );
  assertEquals(chat.started, ["one", "two"]);
  chat.release("two");
  await chat.until(() => chat.started.length >= 3);
  chat.release("three", "one");
  assertEquals(await replies, ["two", "three", "one"]);
  assertEquals(chat.maxRunning, 2);
});

Deno.test("a message beyond maxQueuedMessages is refused with overloaded and never handled", async () => {
  const chat = gatedChat({ limits: { maxQueuedMessages: 2 } });
  await using session = await serveChat(chat);
  const { served, client } = session;
  client.connect();
  sayAll(client, "general", ["one", "two"]);
  await chat.until(() => chat.started.length >= 1);
  await assertRejects(
    client.history({ room: "refused" }),
    (error: unknown) => {
      assert(error instanceof ProtocolError);
      assertEquals(error.code, ErrorCode.Overloaded);
      assert(error.message.includes("maxQueuedMessages"), error.message);
      return true;
    },
  );
  chat.release("one", "two");
  await chat.until(() => chat.finished.length >= 2);
  // Room "refused" would have been the history handler's gate.
  assertEquals(chat.started, ["one", "two"]);
  assertEquals(served.server.stats().rejectedMessages, { overloaded: 1 });
  assertEquals(client.state.kind, "open");
});

Deno.test('with concurrency "parallel" maxQueuedMessages bounds the handlers running at once', async () => {
  const chat = gatedChat({
    concurrency: "parallel",
    limits: { maxQueuedMessages: 2 },
  });
  await using session = await serveChat(chat);
  const { client } = session;
  const errors: ClientError[] = [];
  client.onError((error) => errors.push(error));
  client.connect();
  sayAll(client, "general", ["one", "two", "three"]);
  await chat.until(() => chat.started.length >= 2);
  await waitFor(() => errors.length === 1, "the refusal of the third");
  const cause = errors[0].cause;
  assert(cause instanceof ProtocolError);
  assertEquals(cause.code, ErrorCode.Overloaded);
  assert(cause.message.startsWith('"say" was not handled'), cause.message);
  chat.release("one", "two");
  await chat.until(() => chat.finished.length >= 2);
  assertEquals(chat.started, ["one", "two"]);
});

Deno.test("messages still waiting their turn when the connection closes are not handled", async () => {
  const chat = gatedChat();
  {
    // Leaving this block closes the server, which waits for every handler
    // still running: only then is `started` final.
    await using session = await serveChat(chat);
    const { served, client } = session;
    client.connect();
    sayAll(client, "general", ["one", "two"]);
    await chat.until(() => chat.started.length >= 1);
    await waitFor(
      () => served.server.stats().messagesIn === 2,
      "both messages at the server",
    );
    await client.close();
    await waitFor(
      () => served.server.stats().openConnections === 0,
      "the server saw the close",
    );
    chat.release("one", "two");
    await chat.until(() => chat.finished.length >= 1);
  }
  assertEquals(chat.started, ["one"]);
});

Deno.test("a route's concurrency other than ordered, parallel or a positive integer is refused at start-up", () => {
  const cases: [unknown, ErrorConstructor][] = [
    [0, RangeError],
    [1.5, RangeError],
    ["serial", TypeError],
  ];
  for (const [concurrency, kind] of cases) {
    assertThrows(
      () =>
        createServer({
          routes: [chatRoute(chatHandlers(), {
            concurrency: concurrency as "ordered" | number,
          })],
        }),
      (error: Error) => {
        assertEquals(error.constructor, kind);
        assert(
          error.message.includes(
            `createServer: routes["/chat"].concurrency must be "ordered", "parallel" or an integer >= 1`,
          ),
          error.message,
        );
        return true;
      },
    );
  }
});
