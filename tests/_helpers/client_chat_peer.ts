/**
 * A small, scriptable chat server for client tests: real `Deno.serve` on
 * 127.0.0.1, real WebSockets, the wiretype wire format and the generated
 * chat protocol's validators. Tests tell it to restart, close connections
 * with a code, stop answering or send bad frames, and read what it received.
 *
 * @module
 */
import {
  chatProtocolInfo,
  type ChatServerEvents,
  validateChatHistoryRequest,
  validateChatJoinMessage,
  validateChatSayMessage,
} from "../../protocol/gen/chat_protocol.ts";
import { CloseCode } from "../../src/wire/close_codes.ts";
import {
  decodeEnvelope,
  encodeEnvelope,
  type Envelope,
} from "../../src/wire/envelope.ts";
import { negotiateVersion } from "../../src/wire/version.ts";

/** How the peer behaves; every field may be changed while it runs. */
export interface ChatPeerBehaviour {
  /** Sent in the welcome; pings go out at this interval when `sendPings`. */
  pingIntervalMs: number;
  sendPings: boolean;
  /** The protocol version the peer serves (a mismatch closes with 4409). */
  version: string;
  /** Close every new connection at once with this code and reason. */
  refuseWith?: { code: number; reason: string };
  /** Answer `history` RPCs. */
  answerRpcs: boolean;
  /** Expect `{type:"auth"}` first; tokens starting with this are accepted. */
  acceptToken?: string;
  /** The lifetime the `auth` answer announces. */
  tokenLifetimeMs: number;
}

/** A client frame the peer received, with the number of its connection (from 1). */
export interface ReceivedFrame {
  readonly connection: number;
  readonly envelope: Envelope;
}

/** A running peer, see {@link startChatPeer}. */
export interface ChatPeer extends AsyncDisposable {
  readonly url: string;
  readonly port: number;
  readonly behaviour: ChatPeerBehaviour;
  /** Every frame received, in order. */
  readonly received: ReceivedFrame[];
  /** The `?ticket=` of every upgrade request, in order. */
  readonly tickets: (string | null)[];
  /** How many WebSocket connections were accepted so far. */
  readonly connections: number;
  /** Currently open server-side sockets. */
  readonly openSockets: number;
  /** Sends a raw text frame to every open connection. */
  sendRaw(text: string): void;
  /** Closes every open connection with `code` and waits for the close events. */
  closeAll(code: number, reason: string): Promise<void>;
  /** Closes every connection with 1001 and stops listening. */
  stop(): Promise<void>;
  /** Stops, then listens again on the same port with the same behaviour. */
  restart(downMs?: number): Promise<void>;
  /** Starts listening again on the same port after `stop()`. */
  start(): Promise<void>;
}

interface PeerConnection {
  readonly number: number;
  readonly socket: WebSocket;
  readonly rooms: Set<string>;
  user: string;
  authenticated: boolean;
  pingTimer?: ReturnType<typeof setInterval>;
}

/**
 * Starts a chat peer on a free port (or `port`).
 *
 * @example
 * ```ts
 * await using peer = await startChatPeer();
 * const chat = new ChatClient({ url: peer.url });
 * ```
 */
export async function startChatPeer(
  behaviour: Partial<ChatPeerBehaviour> = {},
): Promise<ChatPeer> {
  const settings: ChatPeerBehaviour = {
    pingIntervalMs: 30_000,
    sendPings: false,
    version: chatProtocolInfo.version,
    answerRpcs: true,
    tokenLifetimeMs: 3_600_000,
    ...behaviour,
  };
  const received: ReceivedFrame[] = [];
  const tickets: (string | null)[] = [];
  const open = new Set<PeerConnection>();
  const closed = new Map<WebSocket, Promise<void>>();
  const history = new Map<string, ChatServerEvents["message"][]>();
  let connections = 0;
  let server: Deno.HttpServer<Deno.NetAddr> | undefined;
  let port = 0;

  const toRoom = <E extends keyof ChatServerEvents & string>(
    room: string,
    event: E,
    data: ChatServerEvents[E],
  ) => {
    const frame = encodeEnvelope(event, data);
    for (const peer of open) if (peer.rooms.has(room)) peer.socket.send(frame);
  };

  const handle = (peer: PeerConnection, envelope: Envelope) => {
    const { type, id, data } = envelope;
    const token = (data as { token?: unknown } | null)?.token;
    if (type === "auth" || !peer.authenticated) {
      if (
        type === "auth" && typeof token === "string" &&
        token.startsWith(settings.acceptToken ?? "")
      ) {
        peer.socket.send(encodeEnvelope("auth", {
          userId: peer.user,
          expiresAt: new Date(Date.now() + settings.tokenLifetimeMs)
            .toISOString(),
        }, id));
        if (!peer.authenticated) welcome(peer);
        peer.authenticated = true;
      } else {
        peer.socket.close(CloseCode.Unauthenticated, "bad token");
      }
    } else if (type === "join" && !validateChatJoinMessage(data)) {
      const { room } = data as { room: string };
      peer.rooms.add(room);
      toRoom(room, "joined", { room, user: peer.user });
    } else if (type === "leave" && !validateChatJoinMessage(data)) {
      const { room } = data as { room: string };
      toRoom(room, "left", { room, user: peer.user });
      peer.rooms.delete(room);
    } else if (type === "say" && !validateChatSayMessage(data)) {
      const { room, text } = data as { room: string; text: string };
      const message = {
        id: crypto.randomUUID(),
        room,
        user: peer.user,
        text,
        sentAt: new Date().toISOString(),
      };
      history.set(room, [...history.get(room) ?? [], message]);
      toRoom(room, "message", message);
    } else if (type === "history" && !validateChatHistoryRequest(data)) {
      if (!settings.answerRpcs) return;
      const { room, limit } = data as { room: string; limit?: number };
      const messages = (history.get(room) ?? []).slice(-(limit ?? 50));
      peer.socket.send(encodeEnvelope("history", { messages }, id));
    }
  };

  const welcome = (peer: PeerConnection) => {
    peer.socket.send(encodeEnvelope("welcome", {
      connectionId: `c${peer.number}`,
      pingIntervalMs: settings.pingIntervalMs,
      version: settings.version,
    }));
    if (settings.sendPings) {
      peer.pingTimer = setInterval(
        () => peer.socket.send(encodeEnvelope("ping", null)),
        settings.pingIntervalMs,
      );
    }
  };

  const upgrade = (request: Request): Response => {
    if (request.headers.get("upgrade") !== "websocket") {
      return new Response("not found", { status: 404 });
    }
    tickets.push(new URL(request.url).searchParams.get("ticket"));
    const negotiation = negotiateVersion(
      request.headers.get("sec-websocket-protocol"),
      settings.version,
    );
    const { socket, response } = Deno.upgradeWebSocket(request, {
      protocol: negotiation.subprotocol,
    });
    const peer: PeerConnection = {
      number: ++connections,
      socket,
      rooms: new Set(),
      user: `user${connections}`,
      authenticated: settings.acceptToken === undefined,
    };
    closed.set(
      socket,
      new Promise((resolve) =>
        socket.addEventListener("close", () => {
          clearInterval(peer.pingTimer);
          open.delete(peer);
          resolve();
        })
      ),
    );
    socket.onopen = () => {
      open.add(peer);
      if (!negotiation.matches) {
        socket.close(CloseCode.VersionMismatch, "regenerate: deno task gen");
      } else if (settings.refuseWith !== undefined) {
        socket.close(settings.refuseWith.code, settings.refuseWith.reason);
      } else if (peer.authenticated) welcome(peer);
    };
    socket.onmessage = (event) => {
      const envelope = decodeEnvelope(String(event.data), 32);
      received.push({ connection: peer.number, envelope });
      handle(peer, envelope);
    };
    return response;
  };

  const listen = async () => {
    const ready = Promise.withResolvers<void>();
    server = Deno.serve({
      hostname: "127.0.0.1",
      port,
      onListen: () => ready.resolve(),
    }, upgrade);
    await ready.promise;
    port = server.addr.port;
  };

  const closeAll = async (code: number, reason: string) => {
    for (const peer of open) peer.socket.close(code, reason);
    await Promise.all(closed.values());
  };

  const stop = async () => {
    if (server === undefined) return;
    await closeAll(CloseCode.GoingAway, "restarting");
    await server.shutdown();
    server = undefined;
  };

  await listen();
  return {
    get url() {
      return `ws://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    behaviour: settings,
    received,
    tickets,
    get connections() {
      return connections;
    },
    get openSockets() {
      return open.size;
    },
    sendRaw(text) {
      for (const peer of open) peer.socket.send(text);
    },
    closeAll,
    stop,
    [Symbol.asyncDispose]: stop,
    async restart(downMs = 0) {
      await stop();
      if (downMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, downMs));
      }
      await listen();
    },
    start: listen,
  };
}

/**
 * Resolves once `predicate` holds, checking every 10 ms; rejects with
 * `what` after `timeoutMs` so a failing test says what it waited for.
 *
 * @example
 * ```ts
 * await waitUntil(() => peer.connections === 2, "a second connection");
 * ```
 */
export async function waitUntil(
  predicate: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
