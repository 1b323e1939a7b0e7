/**
 * WebSocket handshakes and frames over a raw TCP connection
 * (`Deno.connect`), for what a well-behaved client cannot do: read the HTTP
 * status of a refused upgrade, send an `Origin`, or complete the handshake
 * and then never answer a ping.
 *
 * The bytes on the wire come from the load generator's WebSocket stack in
 * bench/load (request, response head, framing), so tests and benchmarks
 * speak raw WebSocket through one implementation.
 *
 * @module
 */
import {
  readHttpHead,
  sendUpgradeRequest,
} from "../../bench/load/_handshake.ts";
import {
  FrameReader,
  MAX_CLIENT_HEADER_BYTES,
  Opcode,
  writeClientFrame,
} from "../../bench/load/ws_frames.ts";

/**
 * The server's answer to a raw upgrade request; `using` closes the
 * connection at the end of the scope.
 */
export interface RawUpgrade extends Disposable {
  /** The HTTP status, 101 when upgraded. */
  readonly status: number;
  /** Response headers, lower-cased names. */
  readonly headers: Headers;
  /** The TCP connection; the caller must close it (or declare `using`). */
  readonly conn: Deno.TcpConn;
  /** Bytes received after the response head (the first frames). */
  readonly rest: Uint8Array;
}

const HANDSHAKE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

/**
 * Sends a WebSocket upgrade request for `path` with `headers` added and
 * reads the response head.
 *
 * @example
 * ```ts
 * using upgrade = await rawUpgrade(served.port, "/chat", { origin: "https://evil.test" });
 * assertEquals(upgrade.status, 403);
 * ```
 */
export async function rawUpgrade(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<RawUpgrade> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const target = { hostname: "127.0.0.1", port, path };
    await sendUpgradeRequest(conn, target, HANDSHAKE_KEY, headers);
    const { head, leftover } = await readHttpHead(conn);
    const [statusLine, ...headerLines] = head.trimEnd().split("\r\n");
    const responseHeaders = new Headers();
    for (const line of headerLines) {
      const colon = line.indexOf(":");
      responseHeaders.append(
        line.slice(0, colon),
        line.slice(colon + 1).trim(),
      );
    }
    return {
      status: Number(statusLine.split(" ")[1]),
      headers: responseHeaders,
      conn,
      rest: leftover,
      [Symbol.dispose]: () => closeQuietly(conn),
    };
  } catch (error) {
    conn.close();
    throw error;
  }
}

/**
 * The HTTP status a raw upgrade request to `path` gets; closes the connection.
 *
 * @example
 * ```ts
 * assertEquals(await upgradeStatus(served.port, "/nowhere"), 404);
 * ```
 */
export async function upgradeStatus(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<number> {
  using upgrade = await rawUpgrade(port, path, headers);
  return upgrade.status;
}

/** One server message read from a raw connection. */
export interface RawFrame {
  /** The opcode: 1 text, 2 binary, 8 close, 9 ping, 10 pong. */
  readonly opcode: number;
  /** The unmasked payload. */
  readonly payload: Uint8Array;
}

/**
 * Reads server frames (never masked) from `conn`, starting with `rest`,
 * until one matches `stop` or the connection ends; returns every frame read.
 * Nothing is answered: pings stay unanswered.
 *
 * @example
 * ```ts
 * const frames = await readRawFrames(upgrade.conn, upgrade.rest, (frame) => frame.opcode === 8);
 * ```
 */
export async function readRawFrames(
  conn: Deno.TcpConn,
  rest: Uint8Array,
  stop: (frame: RawFrame) => boolean,
): Promise<RawFrame[]> {
  const frames: RawFrame[] = [];
  let stopped = false;
  const reader = new FrameReader({
    frame(opcode, bytes, start, end) {
      if (stopped) return;
      const frame = { opcode, payload: bytes.slice(start, end) };
      frames.push(frame);
      stopped = stop(frame);
    },
  });
  reader.push(rest);
  const buffer = new Uint8Array(65_536);
  while (!stopped) {
    const read = await readQuietly(conn, buffer);
    if (read === null) break;
    reader.push(buffer.subarray(0, read));
  }
  return frames;
}

/**
 * The code and reason of a close frame's payload.
 *
 * @example
 * ```ts
 * closeFrameOf(frame); // { code: 1001, reason: "stalled" }
 * ```
 */
export function closeFrameOf(
  frame: RawFrame,
): { code: number; reason: string } {
  const view = new DataView(frame.payload.buffer, frame.payload.byteOffset);
  return {
    code: frame.payload.length >= 2 ? view.getUint16(0) : 1005,
    reason: new TextDecoder().decode(frame.payload.subarray(2)),
  };
}

/**
 * Encodes a masked client text frame, as a client must send it.
 *
 * @example
 * ```ts
 * await upgrade.conn.write(maskedTextFrame('{"type":"pong","data":null}'));
 * ```
 */
export function maskedTextFrame(text: string): Uint8Array {
  const payload = new TextEncoder().encode(text);
  const frame = new Uint8Array(payload.length + MAX_CLIENT_HEADER_BYTES);
  const mask = crypto.getRandomValues(new Uint32Array(1))[0];
  const end = writeClientFrame(frame, 0, Opcode.Text, payload, mask);
  return frame.subarray(0, end);
}

/** Reads into `buffer`; a reset by the peer counts as the end. */
async function readQuietly(
  conn: Deno.TcpConn,
  buffer: Uint8Array,
): Promise<number | null> {
  try {
    return await conn.read(buffer);
  } catch (error) {
    if (error instanceof Deno.errors.ConnectionReset) return null;
    throw error;
  }
}

function closeQuietly(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch (error) {
    if (!(error instanceof Deno.errors.BadResource)) throw error;
  }
}
