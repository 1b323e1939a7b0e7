import { assert, assertEquals, assertMatch } from "../_helpers/assert.ts";
import { spawnServer } from "../_helpers/spawned_server.ts";
import { nextEvent, signIn, whenOpen } from "../_helpers/demo_users.ts";
import { runPythonChatClient } from "../_helpers/python_example.ts";
import { chatProtocolInfo } from "../../protocol/gen/chat_protocol.ts";
import type { ChatMessage } from "../../protocol/gen/chat_protocol.ts";

const SECRET = "python-client-test-secret-0123456789abcdef";

Deno.test("the Python client from the exported schemas logs in to the demo, joins, says something and reads the history, every frame valid, and a Deno user hears it", async () => {
  const demo = await spawnServer({
    args: ["task", "demo"],
    env: { PORT: "0", HOST: "127.0.0.1", WIRETYPE_DEMO_SECRET: SECRET },
  });
  const listener = await signIn(demo.httpUrl, "deno-listener");
  try {
    listener.chat.connect();
    await whenOpen(listener.chat);
    const joined = nextEvent<{ room: string; user: string }>(
      (fn) => listener.chat.on("joined", fn),
      (event) => event.user === "deno-listener",
    );
    listener.chat.join({ room: "interop" });
    await joined;
    const heard = nextEvent<ChatMessage>(
      (fn) => listener.chat.on("message", fn),
      (message) => message.user === "py-alice",
    );

    const run = await runPythonChatClient(demo.httpUrl, [
      "--name",
      "py-alice",
      "--room",
      "interop",
      "--text",
      "hello from Python",
    ]);

    assertEquals(run.code, 0, `${run.stdout}\n${run.stderr}`);
    const lines = run.stdout.trim().split("\n");
    assertEquals(lines[0], "logged in as py-alice");
    assertMatch(
      lines[1],
      new RegExp(
        `^connected to /chat \\(version ${chatProtocolInfo.version}\\)`,
      ),
    );
    assertEquals(lines.slice(2, 5), [
      "joined #interop",
      "said: hello from Python",
      'history: 1 message(s), the last: "hello from Python"',
    ]);
    const validated = Number(/^validated (\d+) frames/.exec(lines[5])?.[1]);
    // welcome, the two sent, joined, message and the history answer at least.
    assert(validated >= 6, lines[5]);
    assertEquals((await heard).text, "hello from Python");
  } finally {
    listener.close();
    assertEquals(await demo.stop(), 0, demo.output());
  }
});

Deno.test("the Python client stops with exit 1 at a frame that breaks the exported schema, naming the frame and the field", async () => {
  const offered: string[] = [];
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: () => {},
  }, (request) => {
    const { pathname, searchParams } = new URL(request.url);
    if (pathname === "/login") return Response.json({ token: "token" });
    if (pathname === "/auth/ticket") return Response.json({ ticket: "t1" });
    if (pathname !== "/chat" || searchParams.get("ticket") !== "t1") {
      return new Response("not found", { status: 404 });
    }
    const protocol = request.headers.get("sec-websocket-protocol") ?? "";
    offered.push(protocol);
    const { socket, response } = Deno.upgradeWebSocket(request, { protocol });
    socket.onopen = () =>
      socket.send(JSON.stringify({
        type: "welcome",
        data: {
          connectionId: "c1",
          pingIntervalMs: 25_000,
          version: chatProtocolInfo.version,
        },
      }));
    // An empty user name breaks UserName's @minLength 1.
    socket.onmessage = () =>
      socket.send(
        JSON.stringify({ type: "joined", data: { room: "python", user: "" } }),
      );
    return response;
  });
  try {
    const run = await runPythonChatClient(
      `http://127.0.0.1:${server.addr.port}`,
    );
    assertEquals(run.code, 1, run.stdout);
    assertMatch(
      run.stderr,
      /^error: incoming frame \{"type": "joined", .*\} breaks ChatJoinedEventFrame at data\.user: '' is too short$/m,
    );
    assertEquals(offered, [`wiretype.${chatProtocolInfo.version}`]);
  } finally {
    await server.shutdown();
  }
});
