/**
 * WebSocket handshakes and frames over a raw TCP connection
 * (`Deno.connect`), for what a well-behaved client cannot do: read the HTTP
 * status of a refused upgrade, send an `Origin`, or complete the handshake
 * and then never answer a ping.
 *
 * @module
 */

/** The server's answer to a raw upgrade request. */
export interface RawUpgrade {
  /** The HTTP status, 101 when upgraded. */
  readonly status: number;
  /** Response headers, lower-cased names. */
  readonly headers: Headers;
  /** The TCP connection; the caller must close it. */
  readonly conn: Deno.TcpConn;
  /** Bytes received after the response head (the first frames). */
  readonly rest: Uint8Array;
}

const HANDSHAKE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

/**
 * Sends a WebSocket upgrade request for `path` with `headers` added and
 * reads the response head. The caller closes `conn`.
 *
 * @example
 * ```ts
 * const { status, conn } = await rawUpgrade(served.port, "/chat", { origin: "https://evil.test" });
 * conn.close();
 * assertEquals(status, 403);
 * ```
 */
export async function rawUpgrade(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<RawUpgrade> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const lines = [
    `GET ${path} HTTP/1.1`,
    `host: 127.0.0.1:${port}`,
    "upgrade: websocket",
    "connection: Upgrade",
    `sec-websocket-key: ${HANDSHAKE_KEY}`,
    "sec-websocket-version: 13",
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  await writeAll(
    conn,
    new TextEncoder().encode(lines.join("\r\n") + "\r\n\r\n"),
  );
  let buffered: Uint8Array = new Uint8Array(0);
  while (true) {
    const end = indexOfHeadEnd(buffered);
    if (end >= 0) {
      const head = new TextDecoder().decode(buffered.subarray(0, end));
      const [statusLine, ...headerLines] = head.split("\r\n");
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
        rest: buffered.subarray(end + 4),
      };
    }
    const chunk = await readChunk(conn);
    if (chunk === null) {
      conn.close();
      throw new Error("connection closed before the response head");
    }
    buffered = concat(buffered, chunk);
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
  const { status, conn } = await rawUpgrade(port, path, headers);
  conn.close();
  return status;
}

/** One server frame read from a raw connection. */
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
  let buffered: Uint8Array = rest;
  while (true) {
    const parsed = parseFrame(buffered);
    if (parsed !== undefined) {
      frames.push(parsed.frame);
      buffered = buffered.subarray(parsed.length);
      if (stop(parsed.frame)) return frames;
      continue;
    }
    const chunk = await readChunk(conn);
    if (chunk === null) return frames;
    buffered = concat(buffered, chunk);
  }
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
  const mask = crypto.getRandomValues(new Uint8Array(4));
  const lengthBytes = payload.length < 126
    ? 0
    : payload.length < 65_536
    ? 2
    : 8;
  const frame = new Uint8Array(2 + lengthBytes + 4 + payload.length);
  frame[0] = 0x81;
  const view = new DataView(frame.buffer);
  if (lengthBytes === 0) frame[1] = 0x80 | payload.length;
  else if (lengthBytes === 2) {
    frame[1] = 0x80 | 126;
    view.setUint16(2, payload.length);
  } else {
    frame[1] = 0x80 | 127;
    view.setBigUint64(2, BigInt(payload.length));
  }
  frame.set(mask, 2 + lengthBytes);
  for (let i = 0; i < payload.length; i++) {
    frame[2 + lengthBytes + 4 + i] = payload[i] ^ mask[i % 4];
  }
  return frame;
}

function parseFrame(
  bytes: Uint8Array,
): { frame: RawFrame; length: number } | undefined {
  if (bytes.length < 2) return undefined;
  const opcode = bytes[0] & 0x0f;
  let length = bytes[1] & 0x7f;
  let offset = 2;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  if (length === 126) {
    if (bytes.length < 4) return undefined;
    length = view.getUint16(2);
    offset = 4;
  } else if (length === 127) {
    if (bytes.length < 10) return undefined;
    length = Number(view.getBigUint64(2));
    offset = 10;
  }
  if (bytes.length < offset + length) return undefined;
  return {
    frame: { opcode, payload: bytes.slice(offset, offset + length) },
    length: offset + length,
  };
}

async function readChunk(conn: Deno.TcpConn): Promise<Uint8Array | null> {
  const buffer = new Uint8Array(65_536);
  try {
    const read = await conn.read(buffer);
    return read === null ? null : buffer.subarray(0, read);
  } catch (error) {
    if (error instanceof Deno.errors.ConnectionReset) return null;
    throw error;
  }
}

async function writeAll(conn: Deno.TcpConn, bytes: Uint8Array): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    written += await conn.write(bytes.subarray(written));
  }
}

function indexOfHeadEnd(bytes: Uint8Array): number {
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (
      bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 &&
      bytes[i + 3] === 10
    ) return i;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
