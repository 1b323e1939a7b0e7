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
import { clientHandshake, type RawSocketTarget } from "./_handshake.ts";
import { writeAll } from "./_write_all.ts";

export type { RawSocketTarget } from "./_handshake.ts";

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
      const leftover = await clientHandshake(conn, target);
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
