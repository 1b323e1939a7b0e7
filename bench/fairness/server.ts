/**
 * The server side of the fairness repro (`bench/fairness/repro.ts`): a JSON
 * echo on one of three stacks, each counting the messages it received on
 * every connection so the driver can tell "never read" from "read but not
 * answered".
 *
 * ```sh
 * deno run -A bench/fairness/server.ts ws     # Deno.serve + Deno.upgradeWebSocket
 * deno run -A bench/fairness/server.ts ws-deferred  # the same, answering from a queue
 * deno run -A bench/fairness/server.ts tcp    # Deno.listen + hand-written framing
 * ```
 *
 * Prints `listening <port> <statsPort>`; `GET /stats` on the stats port
 * answers `{"received":[...]}` (messages per connection since the last
 * `GET /reset`).
 *
 * @module
 */
import { exitWithHarness } from "../servers/_lifecycle.ts";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const mode = Deno.args[0] ?? "ws";
const received: number[] = [];

function stats(request: Request): Response {
  const path = new URL(request.url).pathname;
  if (path === "/reset") received.fill(0);
  return Response.json({ received });
}

exitWithHarness();

if (mode === "ws" || mode === "ws-deferred") {
  const queue: (() => void)[] = [];
  let draining = false;
  // ws-deferred: messages are answered from one FIFO drained in a macrotask,
  // so the order handlers run in is the order messages arrived in.
  const drain = () => {
    const batch = queue.splice(0);
    for (const answer of batch) answer();
    if (queue.length > 0) setTimeout(drain, 0);
    else draining = false;
  };
  let nextId = 0;
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: () => {},
  }, (request) => {
    if (new URL(request.url).pathname !== "/echo") return stats(request);
    const id = nextId++;
    received[id] = 0;
    const { socket, response } = Deno.upgradeWebSocket(request);
    socket.onmessage = (event) => {
      received[id]++;
      const answer = () => socket.send(JSON.stringify(JSON.parse(event.data)));
      if (mode === "ws") answer();
      else {
        queue.push(answer);
        if (!draining) {
          draining = true;
          setTimeout(drain, 0);
        }
      }
    };
    return response;
  });
  console.log(`listening ${server.addr.port} ${server.addr.port}`);
} else if (mode === "tcp" || mode === "tcp-yield") {
  const statsServer = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: () => {},
  }, stats);
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  console.log(`listening ${listener.addr.port} ${statsServer.addr.port}`);
  let nextId = 0;
  for await (const conn of listener) {
    const id = nextId++;
    received[id] = 0;
    serveTcp(conn, id).catch(() => {});
  }
} else {
  throw new TypeError(`unknown mode "${mode}": use ws, ws-deferred or tcp`);
}

/** One WebSocket connection over a raw TCP conn: handshake, then echo. */
async function serveTcp(conn: Deno.TcpConn, id: number): Promise<void> {
  conn.setNoDelay(true);
  const buffer = new Uint8Array(64 * 1024);
  let length = 0;
  let headEnd = -1;
  while (headEnd < 0) {
    const count = await conn.read(buffer.subarray(length));
    if (count === null) return conn.close();
    length += count;
    headEnd = decoder.decode(buffer.subarray(0, length)).indexOf("\r\n\r\n");
  }
  const head = decoder.decode(buffer.subarray(0, headEnd));
  const key = /\r\nsec-websocket-key: *([^\r]+)/i.exec(head)?.[1] ?? "";
  const digest = await crypto.subtle.digest(
    "SHA-1",
    encoder.encode(key + GUID),
  );
  const accept = btoa(String.fromCharCode(...new Uint8Array(digest)));
  await writeAll(
    conn,
    encoder.encode(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n" +
        `Connection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    ),
  );
  let pending = buffer.slice(headEnd + 4, length);
  let out = new Uint8Array(4096);
  for (;;) {
    let at = 0;
    let outLength = 0;
    // Every complete frame in what was read is answered in one write.
    while (pending.length - at >= 6) {
      const second = pending[at + 1];
      let payloadLength = second & 0x7f;
      let header = 2;
      if (payloadLength === 126) {
        if (pending.length - at < 8) break;
        payloadLength = (pending[at + 2] << 8) | pending[at + 3];
        header = 4;
      }
      const end = at + header + 4 + payloadLength;
      if (end > pending.length) break;
      const opcode = pending[at] & 0x0f;
      const maskAt = at + header;
      const payload = pending.slice(maskAt + 4, end);
      for (let i = 0; i < payload.length; i++) {
        payload[i] ^= pending[maskAt + (i & 3)];
      }
      at = end;
      if (opcode === 0x8) return conn.close();
      if (opcode !== 0x1) continue;
      received[id]++;
      const answer = encoder.encode(
        JSON.stringify(JSON.parse(decoder.decode(payload))),
      );
      const needed = outLength + answer.length + 4;
      if (needed > out.length) {
        const bigger = new Uint8Array(needed * 2);
        bigger.set(out.subarray(0, outLength));
        out = bigger;
      }
      out[outLength++] = 0x81;
      if (answer.length < 126) out[outLength++] = answer.length;
      else {
        out[outLength++] = 126;
        out[outLength++] = answer.length >>> 8;
        out[outLength++] = answer.length & 0xff;
      }
      out.set(answer, outLength);
      outLength += answer.length;
    }
    pending = pending.slice(at);
    if (outLength > 0) await writeAll(conn, out.subarray(0, outLength));
    // tcp-yield: the next read waits for a macrotask, so a connection whose
    // reads keep completing at once cannot keep the microtask queue busy.
    if (mode === "tcp-yield") await new Promise((done) => setTimeout(done, 0));
    const count = await conn.read(buffer);
    if (count === null) return conn.close();
    const joined = new Uint8Array(pending.length + count);
    joined.set(pending);
    joined.set(buffer.subarray(0, count), pending.length);
    pending = joined;
  }
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let at = 0;
  while (at < bytes.length) at += await conn.write(bytes.subarray(at));
}
