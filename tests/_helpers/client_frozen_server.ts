/**
 * A WebSocket server that hangs: it completes the handshake by hand over
 * raw TCP, sends a `welcome`, then neither reads nor writes, not even the
 * close handshake. It stands for a server whose process froze or whose
 * network path died (half-open TCP), which only a silence timeout detects.
 *
 * @module
 */
import { encodeEnvelope } from "../../src/wire/envelope.ts";
import { readHttpHead, websocketAccept } from "../../bench/load/_handshake.ts";
import { writeAll } from "../../bench/load/_write_all.ts";

/** A running frozen server, see {@link startFrozenServer}. */
export interface FrozenServer extends AsyncDisposable {
  readonly url: string;
  /** How many TCP connections completed the handshake. */
  readonly handshakes: number;
  /** Closes every connection and the listener. */
  close(): Promise<void>;
}

/**
 * Listens on a free 127.0.0.1 port; every connection gets a handshake and a
 * welcome announcing `pingIntervalMs`, then silence.
 *
 * @example
 * ```ts
 * await using frozen = startFrozenServer(200);
 * // connect a client to frozen.url, expect it to give up on the silence
 * ```
 */
export function startFrozenServer(pingIntervalMs: number): FrozenServer {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const connections = new Set<Deno.Conn>();
  let handshakes = 0;
  const accepting = (async () => {
    for await (const conn of listener) {
      connections.add(conn);
      handshake(conn, pingIntervalMs).then(
        () => handshakes++,
        () => connections.delete(conn),
      );
    }
  })();
  const close = async () => {
    listener.close();
    await accepting.catch(() => {});
    for (const conn of connections) conn.close();
  };
  return {
    url: `ws://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    get handshakes() {
      return handshakes;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

async function handshake(conn: Deno.Conn, pingIntervalMs: number) {
  const request = (await readHttpHead(conn)).head;
  const key = /sec-websocket-key:\s*(\S+)/i.exec(request)?.[1];
  const offered = /sec-websocket-protocol:\s*([^\r\n,]+)/i.exec(request)?.[1];
  if (key === undefined) throw new Error("not a WebSocket handshake");
  const accept = await websocketAccept(key);
  const head = [
    "HTTP/1.1 101 Switching Protocols",
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Accept: ${accept}`,
    ...(offered ? [`Sec-WebSocket-Protocol: ${offered.trim()}`] : []),
    "",
    "",
  ].join("\r\n");
  await writeAll(conn, new TextEncoder().encode(head));
  const welcome = encodeEnvelope("welcome", {
    connectionId: "frozen",
    pingIntervalMs,
    version: "frozen",
  });
  await writeAll(conn, textFrame(welcome));
}

/** An unmasked server text frame (payloads under 64 KiB). */
function textFrame(text: string): Uint8Array {
  const payload = new TextEncoder().encode(text);
  const header = payload.length < 126
    ? [0x81, payload.length]
    : [0x81, 126, payload.length >> 8, payload.length & 0xff];
  const frame = new Uint8Array(header.length + payload.length);
  frame.set(header);
  frame.set(payload, header.length);
  return frame;
}
