/**
 * JSON Schemas of whole frames (`{"type", "data", "id"?}`): the envelope
 * around each message of a protocol, and the reserved frames every route
 * speaks (`welcome`, `ping`, `pong`, `auth`, `error`, and on routes with
 * history `position` and `recover`). Shared by the JSON
 * Schema file and the AsyncAPI document, so both describe the same wire.
 *
 * @module
 */
import type { ProtocolIR } from "./ir.ts";
import { type JsonSchema, typeSchema, withDescription } from "./json_schema.ts";
import { messageTypes } from "./emit_protocol_file.ts";
import { generatedNames } from "./names.ts";
import { ERROR_CODES } from "./wire_codes.ts";

/** Whether a frame carries an RPC `id`. */
export type FrameId = "none" | "required" | "optional";

/** The names of the reserved schemas, the same in every document. */
export const RESERVED_SCHEMAS = {
  requestId: "WiretypeRequestId",
  errorCode: "WiretypeErrorCode",
  welcome: "WiretypeWelcomeFrame",
  ping: "WiretypePingFrame",
  pong: "WiretypePongFrame",
  authRequest: "WiretypeAuthRequestFrame",
  authReply: "WiretypeAuthReplyFrame",
  error: "WiretypeErrorFrame",
  position: "WiretypePositionFrame",
  recoverRequest: "WiretypeRecoverRequestFrame",
  recoverReply: "WiretypeRecoverReplyFrame",
} as const;

/** One kind of frame of a protocol, in the order the documents list them. */
export interface ProtocolFrame {
  /** `client`: a client message; `server`: an event; `request`/`reply`: an RPC. */
  readonly role: "client" | "server" | "request" | "reply";
  /** The `type` on the wire. */
  readonly type: string;
  /** The schema of its `data`, e.g. `ChatSayMessage`. */
  readonly dataName: string;
  /** The schema of the whole frame, e.g. `ChatSayMessageFrame`. */
  readonly frameName: string;
  readonly doc: string;
}

/** The frames of `protocol`: client messages, RPC requests and replies, events. */
export function protocolFrames(protocol: ProtocolIR): ProtocolFrame[] {
  const names = generatedNames(protocol);
  const frame = (
    role: ProtocolFrame["role"],
    type: string,
    dataName: string,
    doc: string,
  ): ProtocolFrame => ({
    role,
    type,
    dataName,
    frameName: names.frame(dataName),
    doc,
  });
  return [
    ...protocol.clientMessages.map((m) =>
      frame("client", m.name, names.clientMessage(m.name), m.doc)
    ),
    ...protocol.rpcs.flatMap((r) => [
      frame("request", r.name, names.rpcRequest(r.name), r.doc),
      frame("reply", r.name, names.rpcResponse(r.name), `Answer of ${r.name}.`),
    ]),
    ...protocol.serverEvents.map((e) =>
      frame("server", e.name, names.serverEvent(e.name), e.doc)
    ),
  ];
}

/**
 * The schema of a frame of `type` whose `data` is `data`. Envelopes stay
 * open (the runtime may add fields, as readers of frames should expect);
 * a frame without `id` refuses one, so an event and an RPC answer of the
 * same name never match each other's schema.
 */
export function frameSchema(
  type: string,
  data: JsonSchema,
  id: FrameId,
  refBase: string,
  description = "",
  publication = false,
): JsonSchema {
  const idSchema = { $ref: `${refBase}${RESERVED_SCHEMAS.requestId}` };
  const schema: JsonSchema = {
    type: "object",
    properties: {
      type: { const: type },
      ...(id === "none" ? {} : { id: idSchema }),
      data,
      ...(publication ? PUBLICATION_PROPERTIES : {}),
    },
    required: id === "required" ? ["type", "id", "data"] : ["type", "data"],
    ...(publication ? { dependencies: PUBLICATION_DEPENDENCIES } : {}),
    ...(id === "none" ? { not: { required: ["id"] } } : {}),
  };
  return withDescription(schema, description);
}

const STREAM: JsonSchema = {
  type: "string",
  description: "`room:<room>` or `user:<userId>`.",
};
const EPOCH: JsonSchema = {
  type: "string",
  maxLength: 64,
  description:
    "Changes whenever the stream's history was lost; a position of another epoch is not to be trusted.",
};
const OFFSET: JsonSchema = {
  type: "integer",
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
};

/** On a route with history, an event sent to a room or a user carries its place in that stream. */
const PUBLICATION_PROPERTIES: JsonSchema = {
  stream: STREAM,
  offset: {
    ...OFFSET,
    minimum: 1,
    description:
      "1 for the stream's first publication, one more per publication.",
  },
  epoch: EPOCH,
};
const PUBLICATION_DEPENDENCIES: JsonSchema = {
  stream: ["offset", "epoch"],
  offset: ["stream", "epoch"],
  epoch: ["stream", "offset"],
};

/**
 * The definitions of one protocol: each message's data (named as the
 * generated TypeScript type), each frame, and `<Name>ClientFrame` /
 * `<Name>ServerFrame`, any frame a client may send or receive.
 */
export function protocolDefinitions(
  protocol: ProtocolIR,
  refBase: string,
): Record<string, JsonSchema> {
  const names = generatedNames(protocol);
  const definitions: Record<string, JsonSchema> = {};
  const data = new Map(
    messageTypes(protocol).map((m) => [m.typeName, m] as const),
  );
  const frames = protocolFrames(protocol);
  for (const frame of frames) {
    const message = data.get(frame.dataName)!;
    definitions[frame.dataName] = withDescription(
      typeSchema(message.node, refBase),
      message.doc,
    );
  }
  for (const frame of frames) {
    definitions[frame.frameName] = frameSchema(
      frame.type,
      { $ref: `${refBase}${frame.dataName}` },
      frame.role === "request" || frame.role === "reply" ? "required" : "none",
      refBase,
      frameDescription(frame),
      frame.role === "server",
    );
  }
  const refs = (
    roles: readonly ProtocolFrame["role"][],
    reserved: string[],
  ) => [
    ...frames.filter((f) => roles.includes(f.role)).map((f) => ({
      $ref: `${refBase}${f.frameName}`,
    })),
    ...reserved.map((name) => ({ $ref: `${refBase}${name}` })),
  ];
  definitions[names.clientFrame] = {
    description:
      `Any frame a ${protocol.name} client may send on ${protocol.path}.`,
    oneOf: refs(["client", "request"], [
      RESERVED_SCHEMAS.pong,
      RESERVED_SCHEMAS.authRequest,
      RESERVED_SCHEMAS.recoverRequest,
    ]),
  };
  definitions[names.serverFrame] = {
    description:
      `Any frame a ${protocol.name} client may receive on ${protocol.path}.`,
    oneOf: refs(["server", "reply"], [
      RESERVED_SCHEMAS.welcome,
      RESERVED_SCHEMAS.ping,
      RESERVED_SCHEMAS.authReply,
      RESERVED_SCHEMAS.error,
      RESERVED_SCHEMAS.position,
      RESERVED_SCHEMAS.recoverReply,
    ]),
  };
  return definitions;
}

function frameDescription(frame: ProtocolFrame): string {
  const what = {
    client: `The \`${frame.type}\` message (client to server).`,
    server:
      `The \`${frame.type}\` event (server to client); on a route with history, one sent to a room or a user carries \`stream\`, \`offset\` and \`epoch\`.`,
    request:
      `A \`${frame.type}\` RPC request (client to server, with an \`id\`).`,
    reply:
      `The answer to a \`${frame.type}\` RPC request (server to client, the request's \`id\`); a failed request is answered by an \`error\` frame with that \`id\` instead.`,
  }[frame.role];
  return frame.doc === "" ? what : `${what} ${frame.doc}`;
}

/** The reserved frames and their parts; the same in every document. */
export function reservedDefinitions(
  refBase: string,
): Record<string, JsonSchema> {
  const nullData: JsonSchema = { type: "null" };
  return {
    [RESERVED_SCHEMAS.requestId]: {
      description:
        "The id of an RPC request: a safe integer or a string of 1 to 64 characters, picked by the client and echoed in the answer.",
      anyOf: [
        {
          type: "integer",
          minimum: -Number.MAX_SAFE_INTEGER,
          maximum: Number.MAX_SAFE_INTEGER,
        },
        { type: "string", minLength: 1, maxLength: 64 },
      ],
    },
    [RESERVED_SCHEMAS.errorCode]: {
      description:
        "A stable error code. Handlers may answer with codes of their own, so any other string may occur too.",
      anyOf: [
        ...ERROR_CODES.map(({ code, meaning }) => ({
          const: code,
          description: meaning,
        })),
        { type: "string", description: "A code of the application's own." },
      ],
    },
    [RESERVED_SCHEMAS.welcome]: frameSchema(
      "welcome",
      {
        type: "object",
        properties: {
          connectionId: {
            type: "string",
            description: "This connection's id, for logs and support.",
          },
          pingIntervalMs: {
            type: "number",
            exclusiveMinimum: 0,
            description:
              "The server pings this often; a server silent for longer than this plus a grace period is gone.",
          },
          version: {
            type: "string",
            pattern: "^[0-9a-f]{12}$",
            description: "The server's protocol version.",
          },
        },
        required: ["connectionId", "pingIntervalMs", "version"],
      },
      "none",
      refBase,
      "The first frame once the connection is authenticated (server to client).",
    ),
    [RESERVED_SCHEMAS.ping]: frameSchema(
      "ping",
      nullData,
      "none",
      refBase,
      "Sent every `pingIntervalMs` (server to client); answer with `pong`.",
    ),
    [RESERVED_SCHEMAS.pong]: frameSchema(
      "pong",
      nullData,
      "none",
      refBase,
      "The answer to `ping` (client to server). A client silent for `pingIntervalMs` plus the server's `pongTimeoutMs` is closed with 1001.",
    ),
    [RESERVED_SCHEMAS.authRequest]: frameSchema(
      "auth",
      {
        type: "object",
        properties: {
          token: { type: "string", minLength: 1, description: "A JWT." },
        },
        required: ["token"],
      },
      "required",
      refBase,
      "First-message authentication, or a token refresh before `exp` (client to server).",
    ),
    [RESERVED_SCHEMAS.authReply]: frameSchema(
      "auth",
      {
        type: "object",
        properties: {
          userId: {
            anyOf: [{ type: "string" }, { type: "null" }],
            description: "The token's `sub`.",
          },
          expiresAt: {
            anyOf: [{ type: "string", format: "date-time" }, { type: "null" }],
            description: "When the token expires; refresh it before.",
          },
        },
        required: ["userId", "expiresAt"],
      },
      "required",
      refBase,
      "The answer to `auth` (server to client); a refused token is answered by an `error` frame.",
    ),
    [RESERVED_SCHEMAS.error]: frameSchema(
      "error",
      {
        type: "object",
        properties: {
          code: { $ref: `${refBase}${RESERVED_SCHEMAS.errorCode}` },
          message: { type: "string", description: "For people." },
          path: {
            type: "string",
            description:
              "For `invalid_data`: the JSON path of the offending value, e.g. `$.messages[2].text`.",
          },
        },
        required: ["code", "message"],
      },
      "optional",
      refBase,
      "A refused frame or a failed RPC (server to client), with the request's `id` if it had one.",
    ),
    ...streamDefinitions(refBase),
  };
}

/** The frames of missed-message recovery, on routes with history. */
function streamDefinitions(refBase: string): Record<string, JsonSchema> {
  const streams = (position: JsonSchema): JsonSchema => ({
    type: "object",
    properties: {
      streams: { type: "object", additionalProperties: position },
    },
    required: ["streams"],
  });
  return {
    [RESERVED_SCHEMAS.position]: frameSchema(
      "position",
      {
        type: "object",
        properties: {
          stream: STREAM,
          offset: OFFSET,
          epoch: EPOCH,
          skipped: {
            type: "boolean",
            description:
              "Stands for a publication this connection was left out of.",
          },
        },
        required: ["stream", "offset", "epoch"],
      },
      "none",
      refBase,
      "Where a stream is as the connection starts receiving it (on joining a room, and for its user stream at open), or a publication it was left out of (server to client, on a route with history).",
    ),
    [RESERVED_SCHEMAS.recoverRequest]: frameSchema(
      "recover",
      streams({
        type: "object",
        properties: { offset: OFFSET, epoch: EPOCH },
        required: ["offset", "epoch"],
      }),
      "required",
      refBase,
      "After a reconnect (after the `@replay` messages) or a gap: the last position seen of each stream (client to server, on a route with history).",
    ),
    [RESERVED_SCHEMAS.recoverReply]: frameSchema(
      "recover",
      streams({
        type: "object",
        properties: {
          recovered: {
            type: "boolean",
            description:
              "True when every missed publication was replayed (before this answer); false: none was.",
          },
          offset: OFFSET,
          epoch: EPOCH,
        },
        required: ["recovered"],
      }),
      "required",
      refBase,
      "The answer to `recover`, after the replayed publications (server to client).",
    ),
  };
}
