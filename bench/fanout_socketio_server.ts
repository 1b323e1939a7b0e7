/**
 * The Socket.IO counterpart of the fan-out benchmark's server: a room
 * broadcast relay, alone or with `@socket.io/redis-adapter` when `REDIS_URL`
 * is set. Prints `listening <port>` once ready.
 *
 * ```sh
 * REDIS_URL=redis://127.0.0.1:6379 deno run -A bench/fanout_socketio_server.ts
 * ```
 *
 * @module
 */
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import { createServer } from "node:http";

const redisUrl = Deno.env.get("REDIS_URL");
const nodeId = crypto.randomUUID().slice(0, 8);
const http = createServer();
const io = new Server(http, { transports: ["websocket"], serveClient: false });
const redisClients: {
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
}[] = [];
if (redisUrl !== undefined) {
  const publisher = createClient({ url: redisUrl });
  const subscriber = publisher.duplicate();
  redisClients.push(publisher, subscriber);
  await Promise.all(redisClients.map((client) => client.connect()));
  io.adapter(createAdapter(publisher, subscriber));
}

io.on("connection", (socket) => {
  socket.on("join", (room: string, ack: (nodeId: string) => void) => {
    socket.join(room);
    ack(nodeId);
  });
  // The same job as wiretype's toRoom with exceptSelf: everyone else in the room.
  socket.on("toRoom", (data: { room: string; tag: string }) => {
    socket.to(data.room).emit("probe", {
      scope: "room",
      tag: data.tag,
      from: socket.id,
    });
  });
});

http.listen(0, "127.0.0.1", () => {
  const address = http.address();
  console.log(
    `listening ${typeof address === "object" && address ? address.port : "?"}`,
  );
});

Deno.addSignalListener("SIGTERM", async () => {
  io.close();
  await Promise.all(redisClients.map((client) => client.close()));
  Deno.exit(0);
});
