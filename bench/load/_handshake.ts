import { writeAll } from "./_write_all.ts";

/** Where to connect and what to offer in the handshake. */
export interface RawSocketTarget {
  readonly hostname: string;
  readonly port: number;
  /** Path and query, e.g. `/echo` or `/chat?ticket=abc`. */
  readonly path: string;
  /** `Sec-WebSocket-Protocol` values to offer, if any. */
  readonly subprotocols?: readonly string[];
  /** More request headers, e.g. `Authorization`. */
  readonly headers?: Readonly<Record<string, string>>;
}

const encoder = new TextEncoder();
const WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const MAX_HEAD_BYTES = 16 * 1024;

/**
 * Performs the client side of the WebSocket opening handshake on `conn`
 * and returns the bytes the server sent after its answer (a greeting that
 * came with it). Throws unless the answer is 101 with the right accept key.
 *
 * @example
 * ```ts
 * const leftover = await clientHandshake(conn, { hostname: "127.0.0.1", port, path: "/echo" });
 * ```
 */
export async function clientHandshake(
  conn: Deno.Conn,
  target: RawSocketTarget,
): Promise<Uint8Array> {
  const key = btoa(
    String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))),
  );
  await sendUpgradeRequest(conn, target, key, target.headers);
  const { head, leftover } = await readHttpHead(conn);
  const status = head.slice(0, head.indexOf("\r\n"));
  if (!/^HTTP\/1\.1 101 /.test(status)) {
    throw new Error(`handshake to ${target.path} refused: ${status}`);
  }
  const accept = /\r\nsec-websocket-accept: *([^\r]+)/i.exec(head)?.[1];
  if (accept !== await websocketAccept(key)) {
    throw new Error("handshake answer has a wrong Sec-WebSocket-Accept");
  }
  return leftover;
}

/**
 * Writes the HTTP upgrade request for `target` with `key` as
 * `Sec-WebSocket-Key`, plus `headers` (e.g. an `Origin` a test sends).
 *
 * @example
 * ```ts
 * await sendUpgradeRequest(conn, { hostname: "127.0.0.1", port, path: "/chat" }, key);
 * ```
 */
export async function sendUpgradeRequest(
  conn: Deno.Conn,
  target: RawSocketTarget,
  key: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<void> {
  const lines = [
    `GET ${target.path} HTTP/1.1`,
    `Host: ${target.hostname}:${target.port}`,
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Key: ${key}`,
    "Sec-WebSocket-Version: 13",
  ];
  if (target.subprotocols?.length) {
    lines.push(`Sec-WebSocket-Protocol: ${target.subprotocols.join(", ")}`);
  }
  for (const [name, value] of Object.entries(headers)) {
    lines.push(`${name}: ${value}`);
  }
  await writeAll(conn, encoder.encode(lines.join("\r\n") + "\r\n\r\n"));
}

/**
 * Reads an HTTP head (a request's or a response's first line and headers,
 * up to 16 KiB); returns it and the bytes read past it.
 *
 * @example
 * ```ts
 * const { head, leftover } = await readHttpHead(conn);
 * ```
 */
export async function readHttpHead(
  conn: Deno.Conn,
): Promise<{ head: string; leftover: Uint8Array }> {
  const buffer = new Uint8Array(MAX_HEAD_BYTES);
  let length = 0;
  while (length < buffer.length) {
    const count = await conn.read(buffer.subarray(length));
    if (count === null) {
      throw new Error("connection closed during the handshake");
    }
    length += count;
    for (let i = 3; i < length; i++) {
      if (
        buffer[i] === 10 && buffer[i - 1] === 13 && buffer[i - 2] === 10 &&
        buffer[i - 3] === 13
      ) {
        return {
          head: new TextDecoder().decode(buffer.subarray(0, i + 1)),
          leftover: buffer.slice(i + 1, length),
        };
      }
    }
  }
  throw new Error("handshake answer head is larger than 16 KiB");
}

/**
 * The `Sec-WebSocket-Accept` value that answers `key` (RFC 6455 §4.2.2).
 *
 * @example
 * ```ts
 * await websocketAccept("dGhlIHNhbXBsZSBub25jZQ=="); // "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
 * ```
 */
export async function websocketAccept(key: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-1",
    encoder.encode(key + WEBSOCKET_GUID),
  );
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}
