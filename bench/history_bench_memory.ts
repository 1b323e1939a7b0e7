/**
 * Memory per retained message, the second half of bench/history_bench.ts
 * (which runs it as a child process): the demo's chat route with the demo's
 * history settings publishes typical chat messages to many rooms through
 * `chat.broadcast.toRoom`, the server's own publication path, until every
 * room's history is full and trimming; the growth of the V8 heap after a
 * full GC, divided by the publications retained, is what one retained
 * message costs. A run without history is the control. With a Redis URL,
 * the same again on a `RedisHistoryStore`, with redis-server's `used_memory`.
 *
 * ```sh
 * deno run -A --v8-flags=--expose-gc bench/history_bench_memory.ts [--redis-url redis://127.0.0.1:6379] [--rooms 200]
 * ```
 *
 * Prints one JSON object (a {@link MemoryReport}) on stdout.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { createClient } from "redis";
import {
  type HistoryStore,
  MemoryHistoryStore,
  RedisHistoryStore,
} from "@wiretype/wiretype/fanout";
import { createServer } from "@wiretype/wiretype";
import type { ChatMessage } from "../protocol/gen/chat_protocol.ts";
import { chatRoute } from "../protocol/gen/chat_server.ts";
import {
  type ChatState,
  createChatRooms,
} from "../examples/chat/chat_handlers.ts";
import { RoomHistory } from "../examples/chat/room_history.ts";
import { encodeEnvelope } from "../src/wire/envelope.ts";

/** As examples/chat/app.ts keeps the chat's history. */
const HISTORY = {
  size: 200,
  ttlMs: 10 * 60_000,
  events: ["message", "joined", "left"] as const,
};
/** Each room gets 1.5 times what it keeps, so every history is trimming. */
const PUBLISHED_PER_ROOM = HISTORY.size * 3 / 2;
const SETTLE_TIMEOUT_MS = 60_000;
const SETTLE_SAMPLES = 15;
const SETTLE_SPACING_MS = 500;
const SAMPLE_TEXTS = [
  "Are we still on for the release review at 3?",
  "I pushed the fix for the flaky reconnect test, CI is green now",
  "lunch?",
  "Can someone look at the dashboard, p99 went up after the deploy",
  "thanks, that worked 👍",
];

/** One store's figures. */
export interface MemoryRow {
  readonly history: "off" | "MemoryHistoryStore" | "RedisHistoryStore";
  readonly published: number;
  readonly retained: number;
  /** Growth of the Deno heap after a full GC, right after the last publication, in bytes. */
  readonly heapGrowthBytes: number;
  /**
   * The same once the client library let go of its replies (Redis only:
   * node-redis keeps about 600 bytes per command for some 5 s after the
   * reply), the least of {@link SETTLE_SAMPLES} samples.
   */
  readonly settledHeapGrowthBytes: number;
  /** Growth of redis-server's `used_memory`, in bytes (Redis only). */
  readonly redisGrowthBytes?: number;
}

/** What the child prints. */
export interface MemoryReport {
  /** Mean length of the published envelope, in bytes of UTF-8. */
  readonly envelopeBytes: number;
  readonly rows: readonly MemoryRow[];
}

const { values } = parseArgs({
  args: Deno.args,
  options: {
    "redis-url": { type: "string" },
    "rooms": { type: "string", default: "200" },
  },
});
const rooms = Array.from(
  { length: Number(values.rooms) },
  (_, index) => `room-${index}`,
);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  throw new Error(
    "run with --v8-flags=--expose-gc: the heap is measured after a full GC",
  );
}

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc!();
  return Deno.memoryUsage().heapUsed;
}

/** The heap after a full GC, the least of samples over a few seconds. */
async function settledHeap(): Promise<number> {
  let least = heapAfterGc();
  for (let sample = 1; sample < SETTLE_SAMPLES; sample++) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_SPACING_MS));
    least = Math.min(least, heapAfterGc());
  }
  return least;
}

function message(room: string, index: number): ChatMessage {
  return {
    id: crypto.randomUUID(),
    room,
    user: `user-${index % 40}`,
    text: SAMPLE_TEXTS[index % SAMPLE_TEXTS.length],
    sentAt: new Date(Date.UTC(2026, 10, 23, 12, 0, 0, index * 731))
      .toISOString(),
  };
}

/** Serves the demo's chat route (history on when `store` is given) without listening. */
function serveChat(store: HistoryStore | undefined) {
  const app = createChatRooms(new RoomHistory(), () => {});
  const chat = chatRoute<ChatState>(app.handlers, {
    initialState: () => ({ joined: new Set<string>() }),
    ...(store === undefined ? {} : { history: HISTORY }),
  });
  const server = createServer({
    routes: [chat],
    ...(store === undefined ? {} : { history: store }),
    logger: { log() {} },
  });
  return { chat, server };
}

/** Resolves once every room's stream is at `PUBLISHED_PER_ROOM`. */
async function appended(store: HistoryStore): Promise<void> {
  const deadlineMs = Date.now() + SETTLE_TIMEOUT_MS;
  for (const room of rooms) {
    while (
      (await store.latest(`/chat room:${room}`, HISTORY)).offset <
        PUBLISHED_PER_ROOM
    ) {
      if (Date.now() > deadlineMs) {
        throw new Error(`the history of ${room} did not fill up`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/** The publications each room still holds, checked to be `size`. */
async function retainedCount(store: HistoryStore): Promise<number> {
  let total = 0;
  for (const room of rooms) {
    const stream = `/chat room:${room}`;
    const latest = await store.latest(stream, HISTORY);
    const read = await store.readSince(stream, {
      offset: latest.offset - HISTORY.size,
      epoch: latest.epoch,
    }, HISTORY);
    if (read.publications.length !== HISTORY.size) {
      throw new Error(`${room} kept ${read.publications.length} publications`);
    }
    total += read.publications.length;
  }
  return total;
}

async function measure(
  history: MemoryRow["history"],
  store: HistoryStore | undefined,
  redisUsedMemory?: () => Promise<number>,
): Promise<MemoryRow> {
  const { chat, server } = serveChat(store);
  try {
    // A first publication per room creates its stream (and in the route,
    // its bookkeeping) before the baseline, so only messages are counted.
    for (const room of rooms) {
      chat.broadcast.toRoom(room, "message", message(room, 0));
    }
    if (store !== undefined) {
      await store.latest(`/chat room:${rooms[0]}`, HISTORY);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    const redisBefore = await redisUsedMemory?.();
    const heapBefore = heapAfterGc();
    for (let index = 1; index < PUBLISHED_PER_ROOM; index++) {
      for (const room of rooms) {
        chat.broadcast.toRoom(room, "message", message(room, index));
      }
    }
    if (store !== undefined) await appended(store);
    // Publications resolve through promise chains; one more turn settles them.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const heapGrowthBytes = heapAfterGc() - heapBefore;
    const settledHeapGrowthBytes = store instanceof RedisHistoryStore
      ? await settledHeap() - heapBefore
      : heapGrowthBytes;
    const redisAfter = await redisUsedMemory?.();
    return {
      history,
      published: rooms.length * PUBLISHED_PER_ROOM,
      retained: store === undefined ? 0 : await retainedCount(store),
      heapGrowthBytes,
      settledHeapGrowthBytes,
      ...(redisBefore === undefined || redisAfter === undefined
        ? {}
        : { redisGrowthBytes: redisAfter - redisBefore }),
    };
  } finally {
    await server.close();
  }
}

const envelopeBytes = Math.round(
  SAMPLE_TEXTS.reduce(
    (sum, _, index) =>
      sum +
      new TextEncoder().encode(
        encodeEnvelope("message", message("room-100", index)),
      ).length,
    0,
  ) / SAMPLE_TEXTS.length,
);
const rows: MemoryRow[] = [
  await measure("off", undefined),
  await measure("MemoryHistoryStore", new MemoryHistoryStore()),
];
const redisUrl = values["redis-url"];
if (redisUrl !== undefined) {
  const redis = createClient({ url: redisUrl });
  await redis.connect();
  try {
    const usedMemory = async () => {
      const info = await redis.info("memory");
      return Number(/^used_memory:(\d+)/m.exec(info)![1]);
    };
    rows.push(
      await measure(
        "RedisHistoryStore",
        new RedisHistoryStore({
          url: redisUrl,
          keyPrefix: `history-bench-${crypto.randomUUID()}`,
        }),
        usedMemory,
      ),
    );
  } finally {
    await redis.close();
  }
}
const report: MemoryReport = { envelopeBytes, rows };
console.log(JSON.stringify(report));
