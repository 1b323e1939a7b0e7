/**
 * The JSON Schema of a frame's envelope (`{"type", "data", "id"?}`, plus a
 * stream position on publications), and the names of the schemas every
 * document defines, shared by the protocol's frames and the reserved ones.
 *
 * @module
 */
import { type JsonSchema, withDescription } from "./json_schema.ts";

/** Whether a frame carries an RPC `id`. */
export type FrameId = "none" | "required" | "optional";

/** The names of the reserved schemas, the same in every document. */
export const RESERVED_SCHEMAS = {
  requestId: "WiretypeRequestId",
  errorCode: "WiretypeErrorCode",
  welcomeData: "WiretypeWelcome",
  authRequestData: "WiretypeAuthRequest",
  authReplyData: "WiretypeAuthReply",
  errorData: "WiretypeError",
  positionData: "WiretypePosition",
  recoverRequestData: "WiretypeRecoverRequest",
  recoverReplyData: "WiretypeRecoverReply",
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

/** A stream's name. */
export const STREAM: JsonSchema = {
  type: "string",
  description: "`room:<room>` or `user:<userId>`.",
};
/** A stream's epoch. */
export const EPOCH: JsonSchema = {
  type: "string",
  maxLength: 64,
  description:
    "Changes whenever the stream's history was lost; a position of another epoch is not to be trusted.",
};
/** A position in a stream. */
export const OFFSET: JsonSchema = {
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
