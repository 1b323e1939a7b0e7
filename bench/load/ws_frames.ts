/**
 * The few pieces of RFC 6455 framing the load generator needs: encoding
 * masked client frames and splitting a byte stream of server frames. The
 * generator speaks WebSocket over a plain TCP socket so that one `read`
 * yields many frames and one `write` carries many, which keeps its cost per
 * message well below the cost of the servers it measures.
 *
 * @module
 */

/**
 * WebSocket opcodes the generator handles.
 *
 * @example
 * ```ts
 * if (opcode === Opcode.Ping) reply(Opcode.Pong, payload);
 * ```
 */
export const Opcode = {
  Continuation: 0x0,
  Text: 0x1,
  Binary: 0x2,
  Close: 0x8,
  Ping: 0x9,
  Pong: 0xa,
} as const;

/**
 * The largest header a client frame can have: 2 + 8 (length) + 4 (mask).
 *
 * @example
 * ```ts
 * const frame = new Uint8Array(payload.length + MAX_CLIENT_HEADER_BYTES);
 * ```
 */
export const MAX_CLIENT_HEADER_BYTES = 14;

/**
 * Writes one masked client frame carrying `payload` into `target` at
 * `offset` and returns the offset after it. `target` must have room for
 * `payload.length + MAX_CLIENT_HEADER_BYTES` bytes.
 *
 * @example
 * ```ts
 * const bytes = new TextEncoder().encode("hi");
 * const frame = new Uint8Array(bytes.length + MAX_CLIENT_HEADER_BYTES);
 * const end = writeClientFrame(frame, 0, Opcode.Text, bytes, 0x12345678);
 * ```
 */
export function writeClientFrame(
  target: Uint8Array,
  offset: number,
  opcode: number,
  payload: Uint8Array,
  mask: number,
): number {
  const length = payload.length;
  let at = offset;
  target[at++] = 0x80 | opcode;
  if (length < 126) {
    target[at++] = 0x80 | length;
  } else if (length < 65_536) {
    target[at++] = 0x80 | 126;
    target[at++] = length >>> 8;
    target[at++] = length & 0xff;
  } else {
    target[at++] = 0x80 | 127;
    // Frames here stay far below 2^32 bytes: the high word is zero.
    target[at++] = 0, target[at++] = 0, target[at++] = 0, target[at++] = 0;
    target[at++] = length >>> 24;
    target[at++] = (length >>> 16) & 0xff;
    target[at++] = (length >>> 8) & 0xff;
    target[at++] = length & 0xff;
  }
  const maskBytes = [
    mask >>> 24,
    (mask >>> 16) & 0xff,
    (mask >>> 8) & 0xff,
    mask & 0xff,
  ];
  target[at++] = maskBytes[0];
  target[at++] = maskBytes[1];
  target[at++] = maskBytes[2];
  target[at++] = maskBytes[3];
  for (let i = 0; i < length; i++) {
    target[at + i] = payload[i] ^ maskBytes[i & 3];
  }
  return at + length;
}

const EMPTY = new Uint8Array(0);

/** Receives the frames a {@link FrameReader} splits out of the stream. */
export interface FrameHandler {
  /**
   * One complete message: `opcode` is that of its first frame, the payload
   * is `bytes[start..end)` (valid only during the call).
   */
  frame(opcode: number, bytes: Uint8Array, start: number, end: number): void;
}

/**
 * Splits the bytes a server sends into messages, across reads of any size.
 * Fragmented messages are joined; server frames are never masked.
 *
 * @example
 * ```ts
 * const reader = new FrameReader({ frame: (op, b, s, e) => console.log(op, e - s) });
 * reader.push(new Uint8Array([0x81, 0x02, 0x68, 0x69]));
 * ```
 */
export class FrameReader {
  #handler: FrameHandler;
  #pending: Uint8Array = EMPTY;
  #fragments: Uint8Array[] = [];
  #fragmentOpcode = 0;

  /** A reader that hands complete messages to `handler`. */
  constructor(handler: FrameHandler) {
    this.#handler = handler;
  }

  /** Feeds the next bytes read from the socket. */
  push(chunk: Uint8Array): void {
    let bytes = chunk;
    if (this.#pending.length > 0) {
      bytes = new Uint8Array(this.#pending.length + chunk.length);
      bytes.set(this.#pending);
      bytes.set(chunk, this.#pending.length);
    }
    let at = 0;
    while (bytes.length - at >= 2) {
      const first = bytes[at];
      const second = bytes[at + 1];
      let length = second & 0x7f;
      let header = 2;
      if (length === 126) {
        if (bytes.length - at < 4) break;
        length = (bytes[at + 2] << 8) | bytes[at + 3];
        header = 4;
      } else if (length === 127) {
        if (bytes.length - at < 10) break;
        length = bytes[at + 6] * 2 ** 24 + (bytes[at + 7] << 16) +
          (bytes[at + 8] << 8) + bytes[at + 9];
        header = 10;
      }
      if (second & 0x80) throw new Error("server sent a masked frame");
      if (bytes.length - at < header + length) break;
      this.#message(first, bytes, at + header, at + header + length);
      at += header + length;
    }
    // Copy the tail: `chunk` is the caller's read buffer and will be reused.
    this.#pending = at === bytes.length ? EMPTY : bytes.slice(at);
  }

  #message(first: number, bytes: Uint8Array, start: number, end: number) {
    const fin = (first & 0x80) !== 0;
    const opcode = first & 0x0f;
    if (opcode >= Opcode.Close || (fin && opcode !== Opcode.Continuation)) {
      this.#handler.frame(opcode, bytes, start, end);
      return;
    }
    if (opcode !== Opcode.Continuation) this.#fragmentOpcode = opcode;
    this.#fragments.push(bytes.slice(start, end));
    if (!fin) return;
    const total = this.#fragments.reduce((sum, part) => sum + part.length, 0);
    const joined = new Uint8Array(total);
    let at = 0;
    for (const part of this.#fragments) {
      joined.set(part, at);
      at += part.length;
    }
    this.#fragments = [];
    this.#handler.frame(this.#fragmentOpcode, joined, 0, total);
  }
}

/**
 * True when `bytes[start..]` begins with `prefix`: how the generator tells
 * message kinds apart without decoding them.
 *
 * @example
 * ```ts
 * startsWith(new Uint8Array([1, 2, 3]), 0, 3, new Uint8Array([1, 2])); // true
 * ```
 */
export function startsWith(
  bytes: Uint8Array,
  start: number,
  end: number,
  prefix: Uint8Array,
): boolean {
  if (end - start < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    if (bytes[start + i] !== prefix[i]) return false;
  }
  return true;
}
