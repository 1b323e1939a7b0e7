/**
 * A scriptable server that speaks the wire contract of "Streams and
 * recovery" (docs/PROTOCOL.md) to a generated chat client: real `Deno.serve`
 * on 127.0.0.1, real WebSockets. A `join` earns a `position` frame, `say`
 * and {@link StreamPeer.publish} send publications with their positions,
 * and `recover` replays what a connection missed, all or nothing per
 * stream, then answers. Tests also make it lose publications on the way,
 * send duplicates, lose a stream's history, or drop connections, and wait
 * on the frames it receives (no polling).
 *
 * @module
 */
import { chatProtocolInfo } from "../../protocol/gen/chat_protocol.ts";
import { CloseCode } from "../../src/wire/close_codes.ts";
import {
  decodeEnvelope,
  encodeEnvelope,
  type Envelope,
} from "../../src/wire/envelope.ts";
import { withPosition } from "../../src/wire/publication.ts";
import { negotiateVersion } from "../../src/wire/version.ts";

/** A client frame the peer received, with the number of its connection (from 1). */
export interface StreamPeerFrame {
  readonly connection: number;
  readonly envelope: Envelope;
}

/** One stream's history: its epoch and every publication (offset = index + 1). */
interface Stream {
  epoch: string;
  readonly payloads: string[];
}

interface PeerConnection {
  readonly number: number;
  readonly socket: WebSocket;
  readonly rooms: Set<string>;
}

/** A running peer, see {@link startStreamPeer}. */
export interface StreamPeer extends AsyncDisposable {
  readonly url: string;
  /** Every frame received, in order. */
  readonly received: readonly StreamPeerFrame[];
  /** How many WebSocket connections were accepted so far. */
  readonly connections: number;
  /** When true, `recover` is answered with an `unknown_type` error, as by a server without history. */
  refuseRecover: boolean;
  /** When true, streams not recovered are answered without a `why`, as by a server that predates reasons. */
  omitReasons: boolean;
  /** When true, `recover` gets no answer at all, as from a server that stalls. */
  ignoreRecover: boolean;
  /**
   * Publishes a chat message to `room` with the next offset, sent to the
   * room's members unless `deliver` is false (a publication lost on the
   * way: it stays in the history). Returns its offset.
   */
  publish(room: string, text: string, deliver?: boolean): number;
  /**
   * Publishes to `room` leaving its members out, as a `toRoom` with
   * `except` leaves out the sender: they get a `position` frame marked
   * `skipped` for its offset instead. Returns the offset.
   */
  skip(room: string, text: string): number;
  /** Sends publication `offset` of `room` again to the room's members. */
  resend(room: string, offset: number): void;
  /** Forgets `room`'s history: a new epoch, offsets start again from 1. */
  loseHistory(room: string): void;
  /** The epoch of `room`'s stream. */
  epoch(room: string): string;
  /** Resolves with the first received frame (past or future) that matches. */
  frame(
    matches: (frame: StreamPeerFrame) => boolean,
    what: string,
  ): Promise<StreamPeerFrame>;
  /** Closes every open connection with `code` and waits for their close events. */
  closeAll(code?: number, reason?: string): Promise<void>;
  /** Closes every connection and stops listening. */
  stop(): Promise<void>;
}

/** What a message published by the peer looks like, as the chat protocol says. */
export function chatMessage(room: string, text: string) {
  return {
    id: crypto.randomUUID(),
    room,
    user: "peer",
    text,
    sentAt: new Date().toISOString(),
  };
}

const FRAME_WAIT_MS = 10_000;

/**
 * Starts a stream peer on a free port.
 *
 * @example
 * ```ts
 * await using peer = await startStreamPeer();
 * const chat = new ChatClient({ url: peer.url });
 * ```
 */
export async function startStreamPeer(): Promise<StreamPeer> {
  const received: StreamPeerFrame[] = [];
  const waiters = new Set<(frame: StreamPeerFrame) => void>();
  const open = new Set<PeerConnection>();
  const closed = new Set<Promise<void>>();
  const streams = new Map<string, Stream>();
  let connections = 0;
  let epochs = 0;
  const settings = {
    refuseRecover: false,
    omitReasons: false,
    ignoreRecover: false,
  };
  const notRecovered = (why: string, position?: object) => ({
    recovered: false,
    ...position,
    ...(settings.omitReasons ? {} : { why }),
  });

  const stream = (room: string): Stream => {
    let found = streams.get(room);
    if (found === undefined) {
      found = { epoch: `epoch-${++epochs}`, payloads: [] };
      streams.set(room, found);
    }
    return found;
  };
  const framed = (room: string, offset: number) => {
    const { epoch, payloads } = stream(room);
    return withPosition(payloads[offset - 1], {
      stream: `room:${room}`,
      offset,
      epoch,
    });
  };
  const toMembers = (room: string, frame: string) => {
    for (const peer of open) if (peer.rooms.has(room)) peer.socket.send(frame);
  };
  const publish = (room: string, text: string, deliver = true) => {
    const { payloads } = stream(room);
    payloads.push(encodeEnvelope("message", chatMessage(room, text)));
    if (deliver) toMembers(room, framed(room, payloads.length));
    return payloads.length;
  };

  const recover = (peer: PeerConnection, id: Envelope["id"], data: unknown) => {
    const asked = (data as {
      streams: Record<string, { offset: number; epoch: string }>;
    }).streams;
    const answers: Record<string, unknown> = {};
    for (const [name, since] of Object.entries(asked)) {
      const room = name.slice("room:".length);
      if (!name.startsWith("room:") || !peer.rooms.has(room)) {
        answers[name] = notRecovered("not_member");
        continue;
      }
      const { epoch, payloads } = stream(room);
      const latest = payloads.length;
      if (since.epoch !== epoch || since.offset > latest) {
        answers[name] = notRecovered("history_lost", { offset: latest, epoch });
        continue;
      }
      for (let offset = since.offset + 1; offset <= latest; offset++) {
        peer.socket.send(framed(room, offset));
      }
      answers[name] = { recovered: true, offset: latest, epoch };
    }
    peer.socket.send(encodeEnvelope("recover", { streams: answers }, id));
  };

  const handle = (peer: PeerConnection, { type, id, data }: Envelope) => {
    const room = (data as { room?: string } | null)?.room;
    if (type === "join" && room !== undefined) {
      peer.rooms.add(room);
      const { epoch, payloads } = stream(room);
      peer.socket.send(encodeEnvelope("position", {
        stream: `room:${room}`,
        offset: payloads.length,
        epoch,
      }));
    } else if (type === "leave" && room !== undefined) {
      peer.rooms.delete(room);
    } else if (type === "say" && room !== undefined) {
      publish(room, (data as { text: string }).text);
    } else if (type === "history" && room !== undefined) {
      const messages = stream(room).payloads.map((payload) =>
        (JSON.parse(payload) as { data: unknown }).data
      );
      peer.socket.send(encodeEnvelope("history", { messages }, id));
    } else if (type === "recover" && settings.refuseRecover) {
      peer.socket.send(encodeEnvelope("error", {
        code: "unknown_type",
        message: "Chat keeps no history: there is nothing to recover",
      }, id));
    } else if (type === "recover" && !settings.ignoreRecover) {
      recover(peer, id, data);
    }
  };

  const listening = Promise.withResolvers<void>();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: () => listening.resolve(),
  }, (request) => {
    const negotiation = negotiateVersion(
      request.headers.get("sec-websocket-protocol"),
      chatProtocolInfo.version,
    );
    const { socket, response } = Deno.upgradeWebSocket(request, {
      protocol: negotiation.subprotocol,
    });
    const peer: PeerConnection = {
      number: ++connections,
      socket,
      rooms: new Set(),
    };
    closed.add(
      new Promise((resolve) =>
        socket.addEventListener("close", () => {
          open.delete(peer);
          resolve();
        })
      ),
    );
    socket.onopen = () => {
      open.add(peer);
      socket.send(encodeEnvelope("welcome", {
        connectionId: `c${peer.number}`,
        pingIntervalMs: 30_000,
        version: chatProtocolInfo.version,
      }));
    };
    socket.onmessage = (event) => {
      const frame = {
        connection: peer.number,
        envelope: decodeEnvelope(String(event.data), 32),
      };
      received.push(frame);
      handle(peer, frame.envelope);
      for (const waiter of [...waiters]) waiter(frame);
    };
    return response;
  });

  await listening.promise;

  const closeAll = async (code: number = CloseCode.GoingAway, reason = "") => {
    for (const peer of open) peer.socket.close(code, reason);
    await Promise.all(closed);
  };
  let stopped: Promise<void> | undefined;
  // Once only, so an explicit stop() and the end of an `await using` scope agree.
  const stop = () =>
    stopped ??= (async () => {
      await closeAll(CloseCode.GoingAway, "stopping");
      await server.shutdown();
    })();

  return {
    skip(room, text) {
      const offset = publish(room, text, false);
      toMembers(
        room,
        encodeEnvelope("position", {
          stream: `room:${room}`,
          offset,
          epoch: stream(room).epoch,
          skipped: true,
        }),
      );
      return offset;
    },
    url: `ws://127.0.0.1:${server.addr.port}`,
    received,
    get connections() {
      return connections;
    },
    get refuseRecover() {
      return settings.refuseRecover;
    },
    set refuseRecover(refuse: boolean) {
      settings.refuseRecover = refuse;
    },
    get ignoreRecover() {
      return settings.ignoreRecover;
    },
    set ignoreRecover(ignore: boolean) {
      settings.ignoreRecover = ignore;
    },
    get omitReasons() {
      return settings.omitReasons;
    },
    set omitReasons(omit: boolean) {
      settings.omitReasons = omit;
    },
    publish,
    resend: (room, offset) => toMembers(room, framed(room, offset)),
    loseHistory(room) {
      streams.set(room, { epoch: `epoch-${++epochs}`, payloads: [] });
    },
    epoch: (room) => stream(room).epoch,
    frame(matches, what) {
      const found = received.find(matches);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`the peer received no ${what}`));
        }, FRAME_WAIT_MS);
        const waiter = (frame: StreamPeerFrame) => {
          if (!matches(frame)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(frame);
        };
        waiters.add(waiter);
      });
    },
    closeAll,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
