/**
 * Socket.IO serving the echo (as an acknowledged event) and the chat room
 * (`socket.join` and `io.to(room).emit`), WebSocket transport only, as
 * `socket.io-client` with `transports: ["websocket"]` uses it. Run with
 * node; the harness installs its packages into bench/.node.
 *
 * ```sh
 * node bench/servers/socket_io.mjs [--auth]   # prints "listening <port>"
 * ```
 *
 * With `--auth`, the handshake's `auth.token` must be a JWT signed with
 * `BENCH_JWT_SECRET` (checked in a middleware, Socket.IO's usual way).
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import process from "node:process";

const require = createRequire(
  new URL("../.node/package.json", import.meta.url),
);
const { Server } = require("socket.io");
const { jwtVerify } = await import(pathToFileURL(require.resolve("jose")).href);

const ISSUER = "wiretype-bench";
// Imported once, as every bench server does: jose would import secret bytes
// on every verification.
const secret = process.argv.includes("--auth")
  ? await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(process.env.BENCH_JWT_SECRET),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  )
  : undefined;

const server = createServer();
const io = new Server(server, {
  transports: ["websocket"],
  serveClient: false,
});

io.use(async (socket, next) => {
  if (secret === undefined) {
    socket.data.user = "anonymous";
    return next();
  }
  try {
    const { payload } = await jwtVerify(
      String(socket.handshake.auth.token),
      secret,
      {
        issuer: ISSUER,
        audience: ISSUER,
      },
    );
    socket.data.user = payload.sub;
    next();
  } catch {
    next(new Error("unauthorized"));
  }
});

io.on("connection", (socket) => {
  const user = socket.data.user;
  socket.on("echo", (data, ack) => ack(data));
  socket.on("join", ({ room }, ack) => {
    socket.join(room);
    ack({ room, user });
  });
  socket.on("say", ({ room, text }) => {
    io.to(room).emit("message", {
      id: randomUUID(),
      room,
      user,
      text,
      sentAt: new Date().toISOString(),
    });
  });
});

server.listen(
  0,
  "127.0.0.1",
  () => console.log(`listening ${server.address().port}`),
);

// Exit normally on SIGTERM (so that a `--cpu-prof` profile gets written) and
// when stdin ends: the harness went away, and no server should outlive it.
process.on("SIGTERM", () => process.exit(0));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
