/**
 * The floor: a JSON echo and a minimal chat room on bare
 * `Deno.upgradeWebSocket`, with no validation, limits or bookkeeping. Every
 * message is parsed and re-serialised, as any JSON service must.
 *
 * ```sh
 * deno run -A bench/servers/raw_deno.ts [--auth]   # prints "listening <port>"
 * ```
 *
 * With `--auth`, an upgrade must carry `?token=<JWT>` signed with
 * `BENCH_JWT_SECRET`.
 *
 * @module
 */
import { jwtVerify } from "jose";
import { BENCH_AUDIENCE, BENCH_ISSUER } from "../load/bench_tokens.ts";
import { exitWithHarness } from "./_lifecycle.ts";

interface ChatFrame {
  readonly type: string;
  readonly data: { readonly room: string; readonly text?: string };
}

// Imported once, as every bench server does (wiretype's verifier too): jose
// imports secret bytes on every verification, and on Deno 2.9 each imported
// key holds about 3 KB of native memory until V8's next full collection.
const secret = Deno.args.includes("--auth")
  ? await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(Deno.env.get("BENCH_JWT_SECRET")),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  )
  : undefined;
const rooms = new Map<string, Set<WebSocket>>();

async function userOf(url: URL): Promise<string | undefined> {
  if (secret === undefined) return "anonymous";
  try {
    const { payload } = await jwtVerify(
      url.searchParams.get("token") ?? "",
      secret,
      {
        issuer: BENCH_ISSUER,
        audience: BENCH_AUDIENCE,
      },
    );
    return payload.sub;
  } catch {
    return undefined;
  }
}

function serveEcho(socket: WebSocket): void {
  socket.onmessage = (event) =>
    socket.send(JSON.stringify(JSON.parse(event.data)));
}

function serveChat(socket: WebSocket, user: string): void {
  const joined = new Set<string>();
  socket.onmessage = (event) => {
    const { type, data } = JSON.parse(event.data) as ChatFrame;
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
          id: crypto.randomUUID(),
          room: data.room,
          user,
          text: data.text,
          sentAt: new Date().toISOString(),
        },
      });
      for (const member of rooms.get(data.room) ?? []) member.send(payload);
    }
  };
  socket.onclose = () => {
    for (const room of joined) rooms.get(room)?.delete(socket);
  };
}

exitWithHarness();

Deno.serve({
  hostname: "127.0.0.1",
  port: 0,
  onListen: ({ port }) => console.log(`listening ${port}`),
}, async (request) => {
  const url = new URL(request.url);
  if (url.pathname !== "/echo" && url.pathname !== "/chat") {
    return new Response("not found", { status: 404 });
  }
  const user = await userOf(url);
  if (user === undefined) return new Response("unauthorized", { status: 401 });
  const { socket, response } = Deno.upgradeWebSocket(request);
  if (url.pathname === "/echo") serveEcho(socket);
  else serveChat(socket, user);
  return response;
});
