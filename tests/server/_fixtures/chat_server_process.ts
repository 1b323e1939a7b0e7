/**
 * The chat server in its own process, as deployed: for the soak test, whose
 * memory is measured after a real garbage collection
 * (`--v8-flags=--expose-gc`), and for the signal test.
 * Prints `{"port": N}` once listening; `GET /memory` waits until no
 * connection is open (the server has logged the last close), collects
 * garbage and answers the heap size, the server's stats and the room count;
 * SIGTERM shuts down gracefully.
 *
 * @module
 */
import { closeOnSignals, createServer } from "@wiretype/wiretype/server";
import { testChatRoute } from "../../_helpers/server_chat.ts";

const ROOMS = Number(Deno.args[0] ?? "10");
const route = testChatRoute();
let whenIdle: (() => void)[] = [];
const server = createServer({
  routes: [route],
  limits: {
    maxConnectionsPerIp: 5_000,
    messagesPerSecond: 1_000,
    messageBurst: 1_000,
  },
  logger: {
    log(event) {
      if (
        event.kind === "connection_closed" &&
        server.stats().openConnections === 0
      ) {
        for (const wake of whenIdle) wake();
        whenIdle = [];
      }
    },
  },
  fallback: async (request) => {
    if (new URL(request.url).pathname !== "/memory") {
      return new Response(null, { status: 404 });
    }
    if (server.stats().openConnections > 0) {
      await new Promise<void>((resolve) => whenIdle.push(resolve));
    }
    (globalThis as { gc?: () => void }).gc?.();
    const occupiedRooms = Array.from({ length: ROOMS }, (_, i) => `room-${i}`)
      .filter((room) => route.broadcast.presence(room).length > 0).length;
    return Response.json({
      heapUsedBytes: Deno.memoryUsage().heapUsed,
      stats: server.stats(),
      occupiedRooms,
    });
  },
});
const http = Deno.serve({
  hostname: "127.0.0.1",
  port: 0,
  onListen: ({ port }) => console.log(JSON.stringify({ port })),
}, server.fetch);
closeOnSignals(server, { onClosed: () => http.shutdown() });
