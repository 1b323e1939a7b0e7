/**
 * Drives the wiretype chat protocol with the `ws` library from npm (the
 * client most Node services use), run as its own process:
 * `deno run --allow-net tests/interop/ws_chat_client.ts ws://127.0.0.1:PORT/chat VERSION`.
 * Prints one JSON line per check and exits 1 on the first failure.
 *
 * @module
 */
import WebSocket from "ws";

const [url, version] = Deno.args;
const socket = new WebSocket(url, [`wiretype.${version}`]);
const queue: { type: string; id?: number; data: Record<string, unknown> }[] =
  [];
let wake = () => {};
let isClosed = false;
socket.on("message", (raw: Buffer, isBinary: boolean) => {
  if (isBinary) return;
  const frame = JSON.parse(raw.toString("utf8"));
  if (frame.type === "ping") {
    socket.send(JSON.stringify({ type: "pong", data: null }));
  } else queue.push(frame);
  wake();
});
const closed = new Promise<number>((resolve) =>
  socket.on("close", (code: number) => {
    isClosed = true;
    resolve(code);
    wake();
  })
);

/** The next frame of `type`, waiting for frames (or the close) up to 10 s. */
async function nextOfType(type: string) {
  const deadlineMs = Date.now() + 10_000;
  while (true) {
    const index = queue.findIndex((frame) => frame.type === type);
    if (index >= 0) return queue.splice(0, index + 1).at(-1)!;
    const remainingMs = deadlineMs - Date.now();
    if (isClosed || remainingMs <= 0) {
      throw new Error(`no ${type} frame${isClosed ? " before the close" : ""}`);
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    await new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, remainingMs);
    });
    clearTimeout(timer);
  }
}

function check(name: string, ok: boolean, detail: unknown) {
  console.log(JSON.stringify({ check: name, ok, detail }));
  if (!ok) Deno.exit(1);
}

await new Promise((resolve, reject) => {
  socket.once("open", resolve);
  socket.once("error", reject);
});
check(
  "subprotocol",
  socket.protocol === `wiretype.${version}`,
  socket.protocol,
);
const welcome = await nextOfType("welcome");
check("welcome", typeof welcome.data.connectionId === "string", welcome);

socket.send(JSON.stringify({ type: "join", data: { room: "interop" } }));
check("joined", (await nextOfType("joined")).data.room === "interop", null);

socket.send(
  JSON.stringify({
    type: "say",
    data: { room: "interop", text: "hello from ws" },
  }),
);
check(
  "message",
  (await nextOfType("message")).data.text === "hello from ws",
  null,
);

socket.send(
  JSON.stringify({ type: "history", id: 9, data: { room: "interop" } }),
);
const history = await nextOfType("history");
check("rpc", history.id === 9 && Array.isArray(history.data.messages), history);

socket.send("{not json");
check(
  "invalid_json",
  (await nextOfType("error")).data.code === "invalid_json",
  null,
);

socket.send(
  JSON.stringify({ type: "say", data: { room: "interop", text: 5 } }),
);
const invalid = await nextOfType("error");
check(
  "invalid_data",
  invalid.data.code === "invalid_data" && invalid.data.path === "$.text",
  invalid,
);

socket.send(JSON.stringify({ type: "history", data: { room: "interop" } }));
check(
  "missing_id",
  (await nextOfType("error")).data.code === "missing_id",
  null,
);

socket.send(new Uint8Array([1, 2, 3]));
check(
  "binary",
  (await nextOfType("error")).data.code === "binary_not_supported",
  null,
);

socket.send(
  JSON.stringify({
    type: "say",
    data: { room: "interop", text: "still fine" },
  }),
);
check(
  "usable_after_errors",
  (await nextOfType("message")).data.text === "still fine",
  null,
);

socket.close(1000, "ws done");
check("closed", (await closed) === 1000, null);
