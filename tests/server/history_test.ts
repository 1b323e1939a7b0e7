import { assert, assertEquals, assertThrows } from "../_helpers/assert.ts";
import { serveForTest, type TestServer } from "../_helpers/server_harness.ts";
import { openWsClient, type WsTestClient } from "../_helpers/ws_client.ts";
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

async function withHistoryServer(
  test: (served: TestServer) => Promise<void>,
  history: HistoryOption = HISTORY,
): Promise<void> {
  const served = await serveForTest({ routes: [testChatRoute({ history })] });
  try {
    await test(served);
  } finally {
    await served.close();
  }
}

/** A connection that joined `room` and was told where its stream starts. */
async function joined(
  served: TestServer,
  room = "general",
): Promise<{ client: WsTestClient; position: Position }> {
  const client = await openWsClient(`${served.wsUrl}/chat`);
  await client.nextOfType("welcome");
  client.send({ type: "join", data: { room } });
  const { data } = await client.nextOfType("position");
  return { client, position: data as Position };
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
 * recovers from `positions`; the messages before the answer, and the answer.
 */
async function rejoinAndRecover(
  served: TestServer,
  positions: Record<string, { offset: number; epoch: string }>,
) {
  const client = await openWsClient(`${served.wsUrl}/chat`);
  await client.nextOfType("welcome");
  client.send({ type: "join", data: { room: "general" } });
  client.send({ type: "recover", id: "r1", data: { streams: positions } });
  const replayed: [string, number][] = [];
  while (true) {
    const frame = await client.next();
    if (frame.type === "recover") return { client, replayed, answer: frame };
    if (frame.type === "message") {
      replayed.push([
        (frame.data as { text: string }).text,
        (frame as unknown as Position).offset,
      ]);
    }
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
  await withHistoryServer(async (served) => {
    const { client: ann, position } = await joined(served);
    const { client: ben } = await joined(served);
    try {
      assertEquals(position.stream, "room:general");
      assertEquals(position.offset, 0);
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
          epoch: position.epoch,
        } as unknown as typeof frame,
      );
    } finally {
      await ann.close();
      await ben.close();
    }
  });
});

Deno.test("recover replays what a reconnecting connection missed, in order, then answers recovered with the position", async () => {
  await withHistoryServer(async (served) => {
    const { client: ben } = await joined(served);
    const first = await joined(served);
    try {
      await say(ben, ["seen"]);
      const seen = (await first.client.nextOfType("message")) as unknown as {
        offset: number;
        epoch: string;
      };
      await first.client.close();
      await say(ben, ["missed 1", "missed 2", "missed 3"]);

      const { client: again, replayed, answer } = await rejoinAndRecover(
        served,
        { "room:general": { offset: seen.offset, epoch: seen.epoch } },
      );
      try {
        assertEquals(replayed, [["missed 1", 2], ["missed 2", 3], [
          "missed 3",
          4,
        ]]);
        assertEquals(answer.id, "r1");
        assertEquals(answer.data, {
          streams: {
            "room:general": { recovered: true, offset: 4, epoch: seen.epoch },
          },
        });
      } finally {
        await again.close();
      }
    } finally {
      await ben.close();
    }
  });
});

Deno.test("the replayed messages arrive in order before the answer, and a newer message after it", async () => {
  await withHistoryServer(async (served) => {
    const { client: ben, position } = await joined(served);
    try {
      await say(ben, ["a", "b", "c"]);
      const { client: again, replayed } = await rejoinAndRecover(served, {
        "room:general": position,
      });
      try {
        assertEquals(replayed, [["a", 1], ["b", 2], ["c", 3]]);
        await say(ben, ["d"]);
        const next = await again.nextOfType("message");
        assertEquals((next as unknown as Position).offset, 4);
      } finally {
        await again.close();
      }
    } finally {
      await ben.close();
    }
  });
});

Deno.test("a position older than the history is not recovered: nothing is replayed and the answer gives the current position", async () => {
  await withHistoryServer(async (served) => {
    const { client: ben, position } = await joined(served);
    try {
      await say(ben, ["1", "2", "3", "4", "5", "6", "7"]); // size 5 keeps 3..7
      const { client: again, replayed, answer } = await rejoinAndRecover(
        served,
        { "room:general": position },
      );
      try {
        assertEquals(replayed, []);
        assertEquals(answer.data, {
          streams: {
            "room:general": {
              recovered: false,
              offset: 7,
              epoch: position.epoch,
            },
          },
        });
        assertEquals(publications(again), []);
      } finally {
        await again.close();
      }
    } finally {
      await ben.close();
    }
  });
});

Deno.test("a position of another epoch is not recovered", async () => {
  await withHistoryServer(async (served) => {
    const { client } = await joined(served);
    try {
      client.send({
        type: "recover",
        id: 1,
        data: {
          streams: { "room:general": { offset: 0, epoch: "another-epoch" } },
        },
      });
      const answer = await client.nextOfType("recover");
      const result = (answer.data as {
        streams: Record<string, { recovered: boolean; epoch: string }>;
      }).streams["room:general"];
      assertEquals(result.recovered, false);
      assert(result.epoch !== "another-epoch");
    } finally {
      await client.close();
    }
  });
});

Deno.test("a stream the connection may not receive is answered not recovered, without a position or a replay", async () => {
  await withHistoryServer(async (served) => {
    const { client: ben } = await joined(served);
    const { client } = await joined(served, "elsewhere");
    try {
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
          "room:general": { recovered: false },
          "user:someone-else": { recovered: false },
        },
      });
      assertEquals(publications(client), []);
    } finally {
      await client.close();
      await ben.close();
    }
  });
});

Deno.test("a malformed recover gets an invalid_data error naming the path", async () => {
  await withHistoryServer(async (served) => {
    const { client } = await joined(served);
    try {
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
    } finally {
      await client.close();
    }
  });
});

Deno.test("events the history does not list go out without a position", async () => {
  await withHistoryServer(async (served) => {
    const { client: ann } = await joined(served);
    const { client: ben } = await joined(served);
    try {
      ben.send({ type: "typing", data: { room: "general", active: true } });
      const typing = await ann.nextOfType("typing");
      assertEquals("offset" in typing, false);
    } finally {
      await ann.close();
      await ben.close();
    }
  });
});

Deno.test("without a shared history store, history with a fan-out across nodes is refused at start-up", () => {
  const fanout = new BroadcastChannelFanout({ channel: crypto.randomUUID() });
  assertThrows(
    () =>
      createServer({ routes: [testChatRoute({ history: HISTORY })], fanout }),
    Error,
    "RedisHistoryStore",
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

Deno.test("a route's history option is checked at start-up", () => {
  assertThrows(
    () =>
      createServer({
        routes: [testChatRoute({ history: { size: 0, ttlMs: 1_000 } })],
      }),
    Error,
    'routes["/chat"].history.size',
  );
});

Deno.test("a connection left out of a recorded publication gets a skipped position for its offset", async () => {
  await withHistoryServer(async (served) => {
    const { client: ann } = await joined(served);
    const { client: ben, position } = await joined(served);
    try {
      ben.send({ type: "typing", data: { room: "general", active: true } });
      const typing = await ann.nextOfType("typing");
      assertEquals((typing as unknown as Position).offset, 1);
      const skipped = await ben.nextOfType("position");
      assertEquals(skipped.data, {
        stream: "room:general",
        offset: 1,
        epoch: position.epoch,
        skipped: true,
      });
    } finally {
      await ann.close();
      await ben.close();
    }
  }, { ...HISTORY, events: ["message", "typing"] });
});
