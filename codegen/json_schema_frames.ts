/**
 * JSON Schemas of a protocol's frames: each message's data, named after its
 * generated TypeScript type, its whole frame, and the unions of everything
 * a client may send or receive. Shared by the JSON Schema file and the
 * AsyncAPI document, so both describe the same wire.
 *
 * @module
 */
import type { ProtocolIR } from "./ir.ts";
import { type JsonSchema, typeSchema, withDescription } from "./json_schema.ts";
import { frameSchema, RESERVED_SCHEMAS } from "./json_schema_envelope.ts";
import { messageTypes } from "./emit_protocol_file.ts";
import { generatedNames } from "./names.ts";

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
