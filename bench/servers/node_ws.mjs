/**
 * Node's `ws` (the package most Node services use) serving the same JSON
 * echo and minimal chat room as `raw_deno.ts`. Run with node; the harness
 * installs its packages into bench/.node.
 *
 * ```sh
 * node bench/servers/node_ws.mjs [--auth]   # prints "listening <port>"
 * ```
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
const { WebSocketServer } = require("ws");
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
const rooms = new Map();
const sockets = new WebSocketServer({ noServer: true });

async function userOf(url) {
  if (secret === undefined) return "anonymous";
  try {
    const { payload } = await jwtVerify(
      url.searchParams.get("token") ?? "",
      secret,
      {
        issuer: ISSUER,
        audience: ISSUER,
      },
    );
    return payload.sub;
  } catch {
    return undefined;
  }
}

function serveEcho(socket) {
  socket.on(
    "message",
    (data) => socket.send(JSON.stringify(JSON.parse(data.toString()))),
  );
}

function serveChat(socket, user) {
  const joined = new Set();
  socket.on("message", (raw) => {
    const { type, data } = JSON.parse(raw.toString());
    if (type === "join") {
      let members = rooms.get(data.room);
      if (members === undefined) rooms.set(data.room, members = new Set());
      members.add(socket);
      joined.add(data.room);
      socket.send(
        JSON.stringify({ type: "joined", data: { room: data.room, user } }),
      );
    } else if (type === "say") {
      const payload = JSON.stringify({
        type: "message",
        data: {
          id: randomUUID(),
          room: data.room,
          user,
          text: data.text,
          sentAt: new Date().toISOString(),
        },
      });
      for (const member of rooms.get(data.room) ?? []) member.send(payload);
    }
  });
  socket.on("close", () => {
    for (const room of joined) rooms.get(room)?.delete(socket);
  });
}

const server = createServer((_request, response) => {
  response.writeHead(404).end("not found");
});
server.on("upgrade", async (request, socket, head) => {
  const url = new URL(request.url, "http://localhost");
  const user = url.pathname === "/echo" || url.pathname === "/chat"
    ? await userOf(url)
    : undefined;
  if (user === undefined) {
    socket.end("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  sockets.handleUpgrade(request, socket, head, (websocket) => {
    if (url.pathname === "/echo") serveEcho(websocket);
    else serveChat(websocket, user);
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
