/**
 * A WebSocket client over a plain TCP connection, for load generation:
 * frames are written in batches and read many per `read`, and messages are
 * handed over as bytes, so the generator decodes only what it must.
 *
 * @module
 */
import {
  FrameReader,
  MAX_CLIENT_HEADER_BYTES,
  Opcode,
  writeClientFrame,
} from "./ws_frames.ts";

/** Where to connect and what to offer in the handshake. */
export interface RawSocketTarget {
  readonly hostname: string;
  readonly port: number;
  /** Path and query, e.g. `/echo` or `/chat?ticket=abc`. */
  readonly path: string;
  /** `Sec-WebSocket-Protocol` values to offer, if any. */
  readonly subprotocols?: readonly string[];
}

/** What a {@link RawSocket} reports: text messages and the end of the connection. */
export interface RawSocketEvents {
  /**
   * A text message, as bytes `bytes[start..end)` valid only during the
   * call. It may come before `connect` resolves (a greeting sent with the
   * handshake answer), hence the `socket` argument.
   */
  text(socket: RawSocket, bytes: Uint8Array, start: number, end: number): void;
  /** The connection ended (close handshake done, or the peer went away). */
  closed(): void;
}

const encoder = new TextEncoder();
const READ_BUFFER_BYTES = 64 * 1024;
const INITIAL_OUT_BYTES = 1024;
// Where `send` encodes text before framing it; shared, since sends are synchronous.
let scratch = new Uint8Array(4096);
const WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/**
 * One client connection. Create it with {@link RawSocket.connect}; queue
 * messages with `send` (they go out together at the next microtask) and
 * end it with `close`, which resolves once the peer closed too.
 *
 * @example
 * ```ts
 * const socket = await RawSocket.connect({ hostname: "127.0.0.1", port, path: "/echo" }, {
 *   text: (_socket, bytes, start, end) => console.log(end - start),
 *   closed: () => {},
 * });
 * socket.send('{"type":"echo","id":1,"data":{"seq":1,"payload":""}}');
 * await socket.close();
 * ```
 */
export class RawSocket {
  #conn: Deno.TcpConn;
  #events: RawSocketEvents;
  #mask = crypto.getRandomValues(new Uint32Array(1))[0];
  // Frames queued since the last write; swapped with #spare while a write
  // is in flight, so queuing never copies or allocates per message.
  #out = new Uint8Array(INITIAL_OUT_BYTES);
  #outLength = 0;
  #spare = new Uint8Array(INITIAL_OUT_BYTES);
  #writing: Promise<void> | undefined;
  #done: Promise<void>;
  #closing = false;

  private constructor(
    conn: Deno.TcpConn,
    events: RawSocketEvents,
    leftover: Uint8Array,
  ) {
    this.#conn = conn;
    this.#events = events;
    this.#done = this.#readLoop(leftover);
  }

  /** Opens a TCP connection and completes the WebSocket handshake; throws on any other answer than 101. */
  static async connect(
    target: RawSocketTarget,
    events: RawSocketEvents,
  ): Promise<RawSocket> {
    const conn = await Deno.connect({
      hostname: target.hostname,
      port: target.port,
    });
    try {
      conn.setNoDelay(true);
      const key = btoa(
        String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))),
      );
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
      await writeAll(conn, encoder.encode(lines.join("\r\n") + "\r\n\r\n"));
      const { head, leftover } = await readHead(conn);
      const status = head.slice(0, head.indexOf("\r\n"));
      if (!/^HTTP\/1\.1 101 /.test(status)) {
        throw new Error(`handshake to ${target.path} refused: ${status}`);
      }
      const accept = /\r\nsec-websocket-accept: *([^\r]+)/i.exec(head)?.[1];
      if (accept !== await acceptFor(key)) {
        throw new Error("handshake answer has a wrong Sec-WebSocket-Accept");
      }
      return new RawSocket(conn, events, leftover);
    } catch (error) {
      conn.close();
      throw error;
    }
  }

  /** Resolves when the connection has ended. */
  get done(): Promise<void> {
    return this.#done;
  }

  /** Queues a text message; everything queued in one task goes out in one write. */
  send(text: string): void {
    // A UTF-16 unit takes at most 3 UTF-8 bytes.
    if (scratch.length < text.length * 3) {
      scratch = new Uint8Array(text.length * 3);
    }
    const { written } = encoder.encodeInto(text, scratch);
    this.#sendFrame(Opcode.Text, scratch.subarray(0, written));
  }

  /** Starts the close handshake and resolves once the connection has ended. */
  async close(): Promise<void> {
    if (!this.#closing) {
      this.#closing = true;
      this.#sendFrame(Opcode.Close, new Uint8Array([0x03, 0xe8])); // 1000
    }
    await this.#done;
  }

  /** Drops the TCP connection without a close handshake. */
  abort(): void {
    this.#closing = true;
    try {
      this.#conn.close();
    } catch {
      // Already closed.
    }
  }

  #sendFrame(opcode: number, payload: Uint8Array): void {
    const needed = this.#outLength + payload.length + MAX_CLIENT_HEADER_BYTES;
    if (needed > this.#out.length) {
      const bigger = new Uint8Array(Math.max(needed, this.#out.length * 2));
      bigger.set(this.#out.subarray(0, this.#outLength));
      this.#out = bigger;
    }
    this.#outLength = writeClientFrame(
      this.#out,
      this.#outLength,
      opcode,
      payload,
      this.#mask,
    );
    this.#writing ??= Promise.resolve().then(() => this.#flush());
  }

  async #flush(): Promise<void> {
    try {
      while (this.#outLength > 0) {
        const batch = this.#out.subarray(0, this.#outLength);
        [this.#out, this.#spare] = [this.#spare, this.#out];
        this.#outLength = 0;
        await writeAll(this.#conn, batch);
      }
    } catch {
      // The peer went away; the read loop reports the end.
      this.#outLength = 0;
    } finally {
      this.#writing = undefined;
    }
  }

  async #readLoop(leftover: Uint8Array): Promise<void> {
    let peerClosed = false;
    const reader = new FrameReader({
      frame: (opcode, bytes, start, end) => {
        if (opcode === Opcode.Text) this.#events.text(this, bytes, start, end);
        else if (opcode === Opcode.Ping) {
          this.#sendFrame(Opcode.Pong, bytes.slice(start, end));
        } else if (opcode === Opcode.Close) {
          peerClosed = true;
          if (!this.#closing) {
            this.#closing = true;
            this.#sendFrame(
              Opcode.Close,
              bytes.slice(start, Math.min(end, start + 2)),
            );
          }
        }
      },
    });
    const buffer = new Uint8Array(READ_BUFFER_BYTES);
    try {
      if (leftover.length > 0) reader.push(leftover);
      while (!peerClosed) {
        const count = await this.#conn.read(buffer);
        if (count === null) break;
        reader.push(buffer.subarray(0, count));
      }
      await this.#writing;
    } catch {
      // Reset by the peer: the connection is over all the same.
    } finally {
      try {
        this.#conn.close();
      } catch {
        // Already closed.
      }
      this.#events.closed();
    }
  }
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let at = 0;
  while (at < bytes.length) at += await conn.write(bytes.subarray(at));
}

/** Reads the HTTP response head; returns it and the bytes read past it. */
async function readHead(
  conn: Deno.Conn,
): Promise<{ head: string; leftover: Uint8Array }> {
  const buffer = new Uint8Array(16 * 1024);
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

async function acceptFor(key: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-1",
    encoder.encode(key + WEBSOCKET_GUID),
  );
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}
