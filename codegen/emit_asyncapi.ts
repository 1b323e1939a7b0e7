/**
 * Emits `<file>_asyncapi.json`: an AsyncAPI 3.0 document of a definition
 * file's protocols, one channel per protocol path with its WebSocket
 * binding, operations from the server's side (RPCs and `auth` as
 * request/reply, correlated by `id`), every frame's payload as JSON Schema,
 * and the reserved frames (recovery's too), close codes and error codes. A pure function of
 * the IR; `@asyncapi/parser` accepts its output (tests/codegen/).
 *
 * @module
 */
import type { NamedType, ProtocolFileIR, ProtocolIR } from "./ir.ts";
import { generatedNote } from "./emit_doc.ts";
import type { JsonSchema, JsonValue } from "./json_schema.ts";
import { fileDefinitions } from "./emit_json_schema.ts";
import { type ProtocolFrame, protocolFrames } from "./json_schema_frames.ts";
import { RESERVED_SCHEMAS } from "./json_schema_envelope.ts";
import { channelDescription, documentDescription } from "./asyncapi_text.ts";
import { camelCase } from "./names.ts";
import { CLOSE_CODES } from "./wire_codes.ts";

const SCHEMAS = "#/components/schemas/";
const REQUEST_ID = { $ref: "#/components/correlationIds/requestId" };

/** The reserved frames: message key, schema, key in a channel, and type. */
const RESERVED_MESSAGES = [
  ["welcome", RESERVED_SCHEMAS.welcome, "server.welcome", "welcome"],
  ["ping", RESERVED_SCHEMAS.ping, "server.ping", "ping"],
  ["pong", RESERVED_SCHEMAS.pong, "client.pong", "pong"],
  ["authRequest", RESERVED_SCHEMAS.authRequest, "request.auth", "auth"],
  ["authReply", RESERVED_SCHEMAS.authReply, "reply.auth", "auth"],
  ["error", RESERVED_SCHEMAS.error, "server.error", "error"],
  ["position", RESERVED_SCHEMAS.position, "server.position", "position"],
  [
    "recoverRequest",
    RESERVED_SCHEMAS.recoverRequest,
    "request.recover",
    "recover",
  ],
  ["recoverReply", RESERVED_SCHEMAS.recoverReply, "reply.recover", "recover"],
] as const;

/**
 * The text of `<file>_asyncapi.json`, as written (`deno fmt` keeps it). `types` are the
 * named types of all the file's protocols, deduplicated; `versions` maps
 * protocol names to their versions.
 */
export function emitAsyncApiFile(
  file: ProtocolFileIR,
  types: readonly NamedType[],
  versions: ReadonlyMap<string, string>,
): string {
  const channels: Record<string, JsonValue> = {};
  const operations: Record<string, JsonValue> = {};
  for (const protocol of file.protocols) {
    const key = camelCase(protocol.name);
    const version = versions.get(protocol.name)!;
    channels[key] = channel(protocol, version);
    Object.assign(operations, channelOperations(protocol, key));
  }
  const document = {
    "x-wiretype-generated": generatedNote(file.sourcePath),
    asyncapi: "3.0.0",
    info: {
      title: file.protocols.map((p) => p.name).join(", "),
      version: file.protocols.map((p) => versions.get(p.name)).join("+"),
      description: documentDescription(file),
    },
    defaultContentType: "application/json",
    channels,
    operations,
    components: {
      schemas: fileDefinitions(file, types, SCHEMAS),
      messages: Object.fromEntries(
        RESERVED_MESSAGES.map(([key, schema, , type]) => [
          key,
          message(type, schema, reservedCorrelates(key)),
        ]),
      ),
      correlationIds: {
        requestId: {
          description:
            "RPC requests and `auth` carry an `id` the client picks; the answer, or an `error` frame, carries the same.",
          location: "$message.payload#/id",
        },
      },
    },
    "x-wiretype-close-codes": CLOSE_CODES.map((c) => ({ ...c })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function reservedCorrelates(key: string): boolean {
  return ["authRequest", "authReply", "error", "recoverRequest", "recoverReply"]
    .includes(key);
}

function channel(protocol: ProtocolIR, version: string): JsonSchema {
  const messages: Record<string, JsonValue> = {};
  for (const frame of protocolFrames(protocol)) {
    messages[messageKey(frame)] = message(
      frame.type,
      frame.frameName,
      frame.role === "request" || frame.role === "reply",
      frame.doc,
    );
  }
  for (const [key, , channelKey] of RESERVED_MESSAGES) {
    messages[channelKey] = { $ref: `#/components/messages/${key}` };
  }
  return {
    address: protocol.path,
    title: protocol.name,
    description: channelDescription(protocol, version),
    messages,
    bindings: { ws: webSocketBinding(version) },
    "x-wiretype-version": version,
  };
}

/** The key of a frame's message in its channel: `client.say`, `reply.history`. */
function messageKey(frame: ProtocolFrame): string {
  return `${frame.role}.${frame.type}`;
}

function message(
  type: string,
  schema: string,
  correlated: boolean,
  doc = "",
): JsonSchema {
  return {
    name: type,
    title: type,
    ...(doc === "" ? {} : { description: doc }),
    contentType: "application/json",
    payload: { $ref: `${SCHEMAS}${schema}` },
    ...(correlated ? { correlationId: REQUEST_ID } : {}),
  };
}

function webSocketBinding(version: string): JsonSchema {
  return {
    method: "GET",
    query: {
      type: "object",
      properties: {
        ticket: {
          type: "string",
          description:
            "A one-time ticket from `POST /auth/ticket` (with `Authorization: Bearer <JWT>`), valid for seconds. Without it, authenticate with an `auth` frame first.",
        },
      },
    },
    headers: {
      type: "object",
      properties: {
        "Sec-WebSocket-Protocol": {
          type: "string",
          description:
            "`wiretype.<version>` from a generated client; the server closes an incompatible version with 4409. Third-party clients may omit it.",
          examples: [`wiretype.${version}`],
        },
        Authorization: {
          type: "string",
          description:
            "`Bearer <JWT>`, for clients that can set headers (browsers cannot: use `ticket`).",
        },
      },
    },
    bindingVersion: "0.1.0",
  };
}

/** Operations of one channel, keyed `<channel>.<action>.<type>`. */
function channelOperations(
  protocol: ProtocolIR,
  key: string,
): Record<string, JsonValue> {
  const channelRef = { $ref: `#/channels/${key}` };
  const ref = (messageKey: string) => ({
    $ref: `#/channels/${key}/messages/${messageKey}`,
  });
  const operation = (
    action: "send" | "receive",
    summary: string,
    messageKeys: readonly string[],
    doc = "",
    replyKeys?: readonly string[],
  ): JsonSchema => ({
    action,
    channel: channelRef,
    summary,
    ...(doc === "" ? {} : { description: doc }),
    messages: messageKeys.map(ref),
    ...(replyKeys === undefined
      ? {}
      : { reply: { channel: channelRef, messages: replyKeys.map(ref) } }),
  });
  const operations: Record<string, JsonValue> = {};
  const frames = protocolFrames(protocol);
  for (const frame of frames) {
    const id = messageKey(frame);
    if (frame.role === "client") {
      operations[`${key}.receive.${frame.type}`] = operation(
        "receive",
        `A client sends \`${frame.type}\`.`,
        [id],
        frame.doc,
      );
    } else if (frame.role === "request") {
      operations[`${key}.receive.${frame.type}`] = operation(
        "receive",
        `A client calls the \`${frame.type}\` RPC; the answer has its \`id\`.`,
        [id],
        frame.doc,
        [`reply.${frame.type}`, "server.error"],
      );
    } else if (frame.role === "server") {
      operations[`${key}.send.${frame.type}`] = operation(
        "send",
        `The server sends the \`${frame.type}\` event.`,
        [id],
        frame.doc,
      );
    }
  }
  operations[`${key}.send.welcome`] = operation(
    "send",
    "The first frame once the connection is authenticated.",
    ["server.welcome"],
  );
  operations[`${key}.send.ping`] = operation(
    "send",
    "A heartbeat every `pingIntervalMs`; answer with `pong`.",
    ["server.ping"],
  );
  operations[`${key}.receive.pong`] = operation(
    "receive",
    "A client answers `ping`.",
    ["client.pong"],
  );
  operations[`${key}.receive.auth`] = operation(
    "receive",
    "A client authenticates (first message) or refreshes its token.",
    ["request.auth"],
    "",
    ["reply.auth", "server.error"],
  );
  operations[`${key}.send.error`] = operation(
    "send",
    "A refused frame or a failed RPC, with the request's `id` if any.",
    ["server.error"],
  );
  operations[`${key}.send.position`] = operation(
    "send",
    "On a route with history: where a stream starts for this connection.",
    ["server.position"],
  );
  operations[`${key}.receive.recover`] = operation(
    "receive",
    "On a route with history: a client asks for what it missed.",
    ["request.recover"],
    "",
    ["reply.recover", "server.error"],
  );
  return operations;
}
