import { assert, assertEquals, assertThrows } from "../_helpers/assert.ts";
import { serveForTest, type TestServer } from "../_helpers/server_harness.ts";
import {
  type Frame,
  openWsClient,
  type WsTestClient,
} from "../_helpers/ws_client.ts";
import { testChatRoute } from "../_helpers/server_chat.ts";
import { createServer } from "@wiretype/wiretype/server";
import { BroadcastChannelFanout } from "../../src/fanout/broadcast_channel_fanout.ts";
import { MemoryHistoryStore } from "../../src/fanout/history_store_memory.ts";

const HISTORY: HistoryOption = { size: 5, ttlMs: 60_000, events: ["message"] };

type HistoryOption = {
  size: number;
  ttlMs: number;
  events?: readonly ("message" | "typing")[];
};

interface Position {
  readonly stream: string;
  readonly offset: number;
  readonly epoch: string;
}

function serveWithHistory(history: HistoryOption = HISTORY) {
  return serveForTest({ routes: [testChatRoute({ history })] });
}

/** A connection that joined `room`, with the `position` its stream starts at. */
async function joined(
  served: TestServer,
  room = "general",
): Promise<WsTestClient & { readonly position: Position }> {
  const client = await openWsClient(`${served.wsUrl}/chat`);
  try {
    await client.nextOfType("welcome");
    client.send({ type: "join", data: { room } });
    const { data } = await client.nextOfType("position");
    return Object.assign(client, { position: data as Position });
  } catch (error) {
    await client.close();
    throw error;
  }
}

async function say(client: WsTestClient, texts: readonly string[]) {
  for (const text of texts) {
    client.send({ type: "say", data: { room: "general", text } });
  }
  // Its own copy of the last one says they were all published.
  while (true) {
    const frame = await client.nextOfType("message");
    if ((frame.data as { text: string }).text === texts.at(-1)) return;
  }
}

/**
 * A new connection as a client after a reconnect: replays its join, then
 * recovers from `positions`; with the messages `replayed` before the
 * `answer`, and the answer.
 */
async function rejoinAndRecover(
  served: TestServer,
  positions: Record<string, { offset: number; epoch: string }>,
): Promise<
  WsTestClient & {
    readonly replayed: [string, number][];
    readonly answer: Frame;
  }
> {
  const client = await openWsClient(`${served.wsUrl}/chat`);
  try {
    await client.nextOfType("welcome");
    client.send({ type: "join", data: { room: "general" } });
    client.send({ type: "recover", id: "r1", data: { streams: positions } });
    const replayed: [string, number][] = [];
    while (true) {
      const frame = await client.next();
      if (frame.type === "recover") {
        return Object.assign(client, { replayed, answer: frame });
      }
      if (frame.type === "message") {
        replayed.push([
          (frame.data as { text: string }).text,
          (frame as unknown as Position).offset,
        ]);
      }
    }
  } catch (error) {
    await client.close();
    throw error;
  }
}

function publications(client: WsTestClient) {
  return client.received.filter((frame) => frame.type === "message").map(
    (frame) => {
      const { stream, offset, epoch } = frame as unknown as Position;
      return {
        text: (frame.data as { text: string }).text,
        stream,
        offset,
        epoch,
      };
    },
  );
}

Deno.test("on a route with history, a join is told the room stream's position and each room message carries its offset and epoch", async () => {
  await using served = await serveWithHistory();
  await using ann = await joined(served);
  await using ben = await joined(served);
  assertEquals(ann.position.stream, "room:general");
  assertEquals(ann.position.offset, 0);
  await say(ben, ["one", "two"]);
  await ann.nextOfType("message");
  const frame = await ann.nextOfType("message");
  assertEquals(
    frame,
    {
      type: "message",
      data: frame.data,
      stream: "room:general",
      offset: 2,
      epoch: ann.position.epoch,
    } as unknown as typeof frame,
  );
});

Deno.test("recover replays what a reconnecting connection missed, in order, then answers recovered with the position", async () => {
  await using served = await serveWithHistory();
  await using ben = await joined(served);
  await using first = await joined(served);
  await say(ben, ["seen"]);
  const seen = (await first.nextOfType("message")) as unknown as {
    offset: number;
    epoch: string;
  };
  await first.close();
  await say(ben, ["missed 1", "missed 2", "missed 3"]);

  await using again = await rejoinAndRecover(served, {
    "room:general": { offset: seen.offset, epoch: seen.epoch },
  });
  assertEquals(again.replayed, [["missed 1", 2], ["missed 2", 3], [
    "missed 3",
    4,
  ]]);
  assertEquals(again.answer.id, "r1");
  assertEquals(again.answer.data, {
    streams: {
      "room:general": { recovered: true, offset: 4, epoch: seen.epoch },
    },
  });
});

Deno.test("the replayed messages arrive in order before the answer, and a newer message after it", async () => {
  await using served = await serveWithHistory();
  await using ben = await joined(served);
  await say(ben, ["a", "b", "c"]);
  await using again = await rejoinAndRecover(served, {
    "room:general": ben.position,
  });
  assertEquals(again.replayed, [["a", 1], ["b", 2], ["c", 3]]);
  await say(ben, ["d"]);
  const next = await again.nextOfType("message");
  assertEquals((next as unknown as Position).offset, 4);
});

Deno.test("a position older than the history is not recovered: nothing is replayed and the answer gives the current position", async () => {
  await using served = await serveWithHistory();
  await using ben = await joined(served);
  await say(ben, ["1", "2", "3", "4", "5", "6", "7"]); // size 5 keeps 3..7
  await using again = await rejoinAndRecover(served, {
    "room:general": ben.position,
  });
  assertEquals(again.replayed, []);
  assertEquals(again.answer.data, {
    streams: {
      "room:general": {
        recovered: false,
        offset: 7,
        epoch: ben.position.epoch,
        why: "too_far_behind",
      },
    },
  });
  assertEquals(publications(again), []);
});

Deno.test("a position of another epoch is not recovered", async () => {
  await using served = await serveWithHistory();
  await using client = await joined(served);
  client.send({
    type: "recover",
    id: 1,
    data: {
      streams: { "room:general": { offset: 0, epoch: "another-epoch" } },
    },
  });
  const answer = await client.nextOfType("recover");
  const result = (answer.data as {
    streams: Record<
      string,
      { recovered: boolean; epoch: string; why: string }
    >;
  }).streams["room:general"];
  assertEquals(result.recovered, false);
  assertEquals(result.why, "history_lost");
  assert(result.epoch !== "another-epoch");
});

Deno.test("a stream the connection may not receive is answered not recovered, without a position or a replay", async () => {
  await using served = await serveWithHistory();
  await using ben = await joined(served);
  await using client = await joined(served, "elsewhere");
  await say(ben, ["private"]);
  client.send({
    type: "recover",
    id: 1,
    data: {
      streams: {
        "room:general": { offset: 0, epoch: "x" },
        "user:someone-else": { offset: 0, epoch: "x" },
      },
    },
  });
  const answer = await client.nextOfType("recover");
  assertEquals(answer.data, {
    streams: {
      "room:general": { recovered: false, why: "not_member" },
      "user:someone-else": { recovered: false, why: "not_member" },
    },
  });
  assertEquals(publications(client), []);
});

Deno.test("a stream whose history store fails the read is answered not recovered, why store_unavailable", async () => {
  // A store that keeps publications but cannot read them back, as a shared
  // store does when its connection drops between a publication and a read.
  const store = new MemoryHistoryStore();
  store.readSince = () => Promise.reject(new Error("connection lost"));
  await using served = await serveForTest({
    routes: [testChatRoute({ history: HISTORY })],
    history: store,
  });
  await using ben = await joined(served);
  await say(ben, ["1"]);
  await using again = await rejoinAndRecover(served, {
    "room:general": ben.position,
  });
  assertEquals(again.answer.data, {
    streams: {
      "room:general": { recovered: false, why: "store_unavailable" },
    },
  });
});

Deno.test("a stream whose position the store fails to give at first is asked for again: the join gets its position, and the stream is recovered later", async () => {
  // A shared store failing for a moment as a connection joins (a Redis
  // restart, a KV file busy with another worker's writes).
  const store = new MemoryHistoryStore();
  const latest = store.latest.bind(store);
  let failuresLeft = 2;
  store.latest = (stream, options) =>
    failuresLeft-- > 0
      ? Promise.reject(new Error("connection lost"))
      : latest(stream, options);
  await using served = await serveForTest({
    routes: [testChatRoute({ history: HISTORY })],
    history: store,
  });
  await using ben = await joined(served);
  assertEquals(failuresLeft, -1);
  assertEquals(ben.position.stream, "room:general");
  await using ann = await joined(served);
  await say(ann, ["while ben was away"]);
  await using again = await rejoinAndRecover(served, {
    "room:general": ben.position,
  });
  assertEquals(again.replayed, [["while ben was away", 1]]);
  assertEquals(
    (again.answer.data as { streams: Record<string, { recovered: boolean }> })
      .streams["room:general"].recovered,
    true,
  );
});

Deno.test("a malformed recover gets an invalid_data error naming the path", async () => {
  await using served = await serveWithHistory();
  await using client = await joined(served);
  client.send({
    type: "recover",
    id: 1,
    data: { streams: { "room:general": { offset: -1, epoch: "e" } } },
  });
  const error = await client.nextOfType("error");
  assertEquals(error.id, 1);
  assertEquals(
    (error.data as { code: string; path: string }).code,
    "invalid_data",
  );
  assertEquals(
    (error.data as { path: string }).path,
    '$.streams["room:general"]',
  );
});

Deno.test("events the history does not list go out without a position", async () => {
  await using served = await serveWithHistory();
  await using ann = await joined(served);
  await using ben = await joined(served);
  ben.send({ type: "typing", data: { room: "general", active: true } });
  const typing = await ann.nextOfType("typing");
  assertEquals("offset" in typing, false);
});

Deno.test("without a shared history store, history with a fan-out across nodes is refused at start-up", () => {
  const fanout = new BroadcastChannelFanout({ channel: crypto.randomUUID() });
  assertThrows(
    () =>
      createServer({ routes: [testChatRoute({ history: HISTORY })], fanout }),
    {
      name: "TypeError",
      message:
        /^createServer: routes\["\/chat"\] keep history.*RedisHistoryStore/,
    },
  );
  // One store shared by the nodes of one process is the caller's choice.
  const server = createServer({
    routes: [testChatRoute({ history: HISTORY })],
    fanout,
    history: new MemoryHistoryStore(),
    logger: { log() {} },
  });
  return server.close();
});

Deno.test("a route's history size below one is a RangeError at start-up", () => {
  assertThrows(
    () =>
      createServer({
        routes: [testChatRoute({ history: { size: 0, ttlMs: 1_000 } })],
      }),
    {
      name: "RangeError",
      message:
        'createServer: routes["/chat"].history.size must be a positive integer, got 0',
    },
  );
});

Deno.test("a route's history events that are not a list of names are a TypeError at start-up", () => {
  assertThrows(
    () =>
      createServer({
        routes: [
          testChatRoute({
            history: { size: 10, ttlMs: 1_000, events: "message" as never },
          }),
        ],
      }),
    {
      name: "TypeError",
      message:
        /routes\["\/chat"\]\.history\.events must be a list of event names/,
    },
  );
});

Deno.test("a connection left out of a recorded publication gets a skipped position for its offset", async () => {
  await using served = await serveWithHistory({
    ...HISTORY,
    events: ["message", "typing"],
  });
  await using ann = await joined(served);
  await using ben = await joined(served);
  ben.send({ type: "typing", data: { room: "general", active: true } });
  const typing = await ann.nextOfType("typing");
  assertEquals((typing as unknown as Position).offset, 1);
  const skipped = await ben.nextOfType("position");
  assertEquals(skipped.data, {
    stream: "room:general",
    offset: 1,
    epoch: ben.position.epoch,
    skipped: true,
  });
});
