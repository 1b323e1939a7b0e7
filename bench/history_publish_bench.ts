/**
 * What recording a publication in history costs the server's JavaScript,
 * apart from the sockets: a room broadcast (`toRoom` with the sender left
 * out, as in bench/history_bench.ts) to 20 members whose send only counts
 * bytes, with history off and with a `MemoryHistoryStore` (200 per stream,
 * full). The difference per publication, next to the server CPU per message
 * that bench/history_bench.ts measures with real sockets, is history's share;
 * with history the sender also gets a `skipped` position frame, one more real
 * send per publication, which this bench counts but cannot weigh.
 *
 * ```sh
 * deno bench -A bench/history_publish_bench.ts
 * ```
 *
 * @module
 */
import { InProcessFanout } from "../src/fanout/in_process.ts";
import { MemoryHistoryStore } from "../src/fanout/history_store_memory.ts";
import type { DeliveryPosition } from "../src/fanout/fanout.ts";
import { createRouteBroadcast } from "../src/server/_route_broadcast.ts";
import { RouteHistory } from "../src/server/_route_history.ts";
import { type HubMember, RouteHub } from "../src/server/_route_hub.ts";

const MEMBERS = 21;
const ROOM = "bench";
let sentBytes = 0;
let sentFrames = 0;

function setUp(history: boolean) {
  const fanout = new InProcessFanout();
  const hub = new RouteHub("/chat", fanout.presence, fanout.nodeId);
  const members: HubMember[] = Array.from({ length: MEMBERS }, (_, index) => {
    const rooms = new Set<string>();
    return {
      id: `connection-${index}`,
      userId: `user-${index}`,
      rooms,
      addRoom: (room: string) => void rooms.add(room),
      deleteRoom: (room: string) => rooms.delete(room),
      // A session looks up held streams by the position's stream; the rest of
      // its send is the socket's, the same with history or without.
      sendPayload(
        _payload: string,
        bytes: number,
        position?: DeliveryPosition,
      ) {
        if (position !== undefined) held.get(position.stream);
        sentBytes += bytes;
        sentFrames++;
      },
    };
  });
  const held = new Map<string, unknown>();
  for (const member of members) {
    hub.add(member);
    hub.join(member, ROOM);
  }
  const routeHistory = history
    ? new RouteHistory(
      "/chat",
      new MemoryHistoryStore(),
      { size: 200, ttlMs: 600_000 },
      { log() {} },
    )
    : undefined;
  const broadcast = createRouteBroadcast("/chat", hub, fanout, routeHistory);
  let seq = 0;
  return async () => {
    broadcast.toRoom(ROOM, "message", {
      id: crypto.randomUUID(),
      room: ROOM,
      user: "user-0",
      text: `message ${seq++}`,
      sentAt: "2026-11-27T15:00:00.000Z",
    }, { except: members[0].id });
    // Lets the store's answer (a resolved promise) go out, as the event
    // loop would before the next message.
    await Promise.resolve();
  };
}

const off = setUp(false);
const memory = setUp(true);
// Fill the memory store's stream, so appends run on a full ring.
for (let index = 0; index < 300; index++) await memory();

Deno.bench("room broadcast to 20, history off", {
  group: "publish",
  baseline: true,
}, off);
Deno.bench(
  "room broadcast to 20, MemoryHistoryStore",
  { group: "publish" },
  memory,
);
globalThis.addEventListener("unload", () => {
  if (sentFrames === 0 || sentBytes === 0) throw new Error("nothing sent");
});
