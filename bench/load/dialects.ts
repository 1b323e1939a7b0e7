/**
 * How each kind of server under test is spoken to: the bench's JSON
 * envelope (raw Deno and Node `ws` servers), wiretype (the same envelope
 * plus version negotiation, `welcome` and heartbeats), and Socket.IO's wire
 * format (Engine.IO v4 packets with acknowledgements), which is exactly what
 * `socket.io-client` sends with `transports: ["websocket"]`. Messages are
 * told apart by their first bytes, so the generator decodes none it need not.
 *
 * @module
 */
import { chatProtocolInfo } from "../../protocol/gen/chat_protocol.ts";
import { echoProtocolInfo } from "../protocol/gen/echo_protocol.ts";
import { startsWith } from "./ws_frames.ts";

/** The dialects the generator speaks. */
export type DialectName = "json" | "wiretype" | "socketio";

/** The two services every bench server offers. */
export type Service = "echo" | "chat";

/**
 * How a connection proves who it is: a JWT (in the URL for `json`, in the
 * Socket.IO handshake for `socketio`) or a wiretype one-time ticket.
 */
export type Credential =
  | { readonly kind: "jwt"; readonly token: string }
  | { readonly kind: "ticket"; readonly ticket: string };

/** What the generator needs to know about one dialect. */
export interface Dialect {
  readonly name: DialectName;
  /** The request path (with query) for a service. */
  path(service: Service, credential: Credential | undefined): string;
  /** `Sec-WebSocket-Protocol` values to offer. */
  subprotocols(service: Service): readonly string[];
  /** Headers of the upgrade request that carry `credential`, if any. */
  headers(credential: Credential | undefined): Record<string, string>;
  /** What to send right after the handshake, if anything. */
  greeting(credential: Credential | undefined): string | undefined;
  /** True when the connection is usable as soon as the handshake is done. */
  readonly readyOnOpen: boolean;
  /** True for the message that says the connection is usable. */
  isReady(bytes: Uint8Array, start: number, end: number): boolean;
  /** The answer to a heartbeat ping, if this message is one. */
  pong(bytes: Uint8Array, start: number, end: number): string | undefined;
  echoRequest(seq: number, payload: string): string;
  isEchoReply(bytes: Uint8Array, start: number, end: number): boolean;
  joinRequest(room: string): string;
  isJoined(bytes: Uint8Array, start: number, end: number): boolean;
  sayRequest(room: string, text: string): string;
  isRoomMessage(bytes: Uint8Array, start: number, end: number): boolean;
}

const encoder = new TextEncoder();
const bytesOf = (text: string) => encoder.encode(text);

function envelopeKind(type: string): Uint8Array {
  return bytesOf(`{"type":"${type}"`);
}

const ECHO = envelopeKind("echo");
const JOINED = envelopeKind("joined");
const MESSAGE = envelopeKind("message");
const WELCOME = envelopeKind("welcome");
const PING = envelopeKind("ping");

const jsonEnvelope = {
  echoRequest: (seq: number, payload: string) =>
    `{"type":"echo","id":${seq},"data":{"seq":${seq},"payload":"${payload}"}}`,
  isEchoReply: (b: Uint8Array, s: number, e: number) =>
    startsWith(b, s, e, ECHO),
  joinRequest: (room: string) => `{"type":"join","data":{"room":"${room}"}}`,
  isJoined: (b: Uint8Array, s: number, e: number) =>
    startsWith(b, s, e, JOINED),
  sayRequest: (room: string, text: string) =>
    `{"type":"say","data":{"room":"${room}","text":"${text}"}}`,
  isRoomMessage: (b: Uint8Array, s: number, e: number) =>
    startsWith(b, s, e, MESSAGE),
};

const json: Dialect = {
  name: "json",
  path: (service, credential) =>
    credential?.kind === "jwt"
      ? `/${service}?token=${credential.token}`
      : `/${service}`,
  subprotocols: () => [],
  headers: () => ({}),
  greeting: () => undefined,
  readyOnOpen: true,
  isReady: () => false,
  pong: () => undefined,
  ...jsonEnvelope,
};

const PONG = '{"type":"pong","data":null}';

const wiretype: Dialect = {
  name: "wiretype",
  path: (service, credential) =>
    credential?.kind === "ticket"
      ? `/${service}?ticket=${credential.ticket}`
      : `/${service}`,
  subprotocols: (service) => [
    `wiretype.${
      service === "echo" ? echoProtocolInfo.version : chatProtocolInfo.version
    }`,
  ],
  // The JWT on the upgrade itself, as a server-side client sends it.
  headers: (credential): Record<string, string> =>
    credential?.kind === "jwt"
      ? { authorization: `Bearer ${credential.token}` }
      : {},
  greeting: () => undefined,
  readyOnOpen: false,
  isReady: (b, s, e) => startsWith(b, s, e, WELCOME),
  pong: (b, s, e) => startsWith(b, s, e, PING) ? PONG : undefined,
  ...jsonEnvelope,
};

const SIO_CONNECTED = bytesOf("40");
const SIO_ACK = bytesOf("43");
const SIO_MESSAGE = bytesOf('42["message"');
const SIO_PING = bytesOf("2");

// Acknowledgement ids of joins; echo requests use their sequence number,
// which stays below this.
const SIO_JOIN_ACK_ID = 2 ** 40;

const socketio: Dialect = {
  name: "socketio",
  path: () => "/socket.io/?EIO=4&transport=websocket",
  subprotocols: () => [],
  headers: () => ({}),
  greeting: (credential) =>
    credential?.kind === "jwt"
      ? `40${JSON.stringify({ token: credential.token })}`
      : "40",
  readyOnOpen: false,
  isReady: (b, s, e) => startsWith(b, s, e, SIO_CONNECTED),
  // Engine.IO v4: the server pings ("2"), the client answers "3".
  pong: (b, s, e) =>
    e - s === 1 && startsWith(b, s, e, SIO_PING) ? "3" : undefined,
  echoRequest: (seq, payload) =>
    `42${seq}["echo",{"seq":${seq},"payload":"${payload}"}]`,
  isEchoReply: (b, s, e) => startsWith(b, s, e, SIO_ACK),
  joinRequest: (room) => `42${SIO_JOIN_ACK_ID}["join",{"room":"${room}"}]`,
  isJoined: (b, s, e) => startsWith(b, s, e, SIO_ACK),
  sayRequest: (room, text) => `42["say",{"room":"${room}","text":"${text}"}]`,
  isRoomMessage: (b, s, e) => startsWith(b, s, e, SIO_MESSAGE),
};

/**
 * The dialect called `name`.
 *
 * @example
 * ```ts
 * dialectNamed("socketio").echoRequest(1, "xx"); // '421["echo",{"seq":1,"payload":"xx"}]'
 * ```
 */
export function dialectNamed(name: DialectName): Dialect {
  switch (name) {
    case "json":
      return json;
    case "wiretype":
      return wiretype;
    case "socketio":
      return socketio;
  }
}
