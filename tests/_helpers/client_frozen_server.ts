/**
 * A WebSocket server that hangs: it completes the handshake by hand over
 * raw TCP, sends a `welcome`, then neither reads nor writes, not even the
 * close handshake. It stands for a server whose process froze or whose
 * network path died (half-open TCP), which only a silence timeout detects.
 *
 * @module
 */
import { encodeEnvelope } from "../../src/wire/envelope.ts";

const WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** A running frozen server, see {@link startFrozenServer}. */
export interface FrozenServer {
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
 * const frozen = startFrozenServer(200);
 * // connect a client to frozen.url, expect it to give up on the silence
 * await frozen.close();
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
  return {
    url: `ws://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    get handshakes() {
      return handshakes;
    },
    async close() {
      listener.close();
      await accepting.catch(() => {});
      for (const conn of connections) conn.close();
    },
  };
}

async function handshake(conn: Deno.Conn, pingIntervalMs: number) {
  const request = await readHead(conn);
  const key = /sec-websocket-key:\s*(\S+)/i.exec(request)?.[1];
  const offered = /sec-websocket-protocol:\s*([^\r\n,]+)/i.exec(request)?.[1];
  if (key === undefined) throw new Error("not a WebSocket handshake");
  const digest = await crypto.subtle.digest(
    "SHA-1",
    new TextEncoder().encode(key + WEBSOCKET_GUID),
  );
  const accept = btoa(String.fromCharCode(...new Uint8Array(digest)));
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

async function readHead(conn: Deno.Conn): Promise<string> {
  const buffer = new Uint8Array(8192);
  let text = "";
  while (!text.includes("\r\n\r\n")) {
    const read = await conn.read(buffer);
    if (read === null) throw new Error("closed during the handshake");
    text += new TextDecoder().decode(buffer.subarray(0, read));
  }
  return text;
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

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    written += await conn.write(bytes.subarray(written));
  }
}
