/**
 * JSON Schemas of the reserved frames every route speaks (`welcome`,
 * `ping`, `pong`, `auth`, `error`, and on routes with history `position`
 * and `recover`), the same in every document; their data have names of
 * their own (`WiretypeWelcome`), so generators name their classes after
 * them.
 *
 * @module
 */
import type { JsonSchema } from "./json_schema.ts";
import {
  EPOCH,
  type FrameId,
  frameSchema,
  OFFSET,
  RESERVED_SCHEMAS,
  STREAM,
} from "./json_schema_envelope.ts";
import { SERVER_UNRECOVERED_REASONS } from "../src/wire/unrecovered.ts";
import { ERROR_CODES } from "./wire_codes.ts";

/** The reserved frames, their data and parts; the same in every document. */
export function reservedDefinitions(
  refBase: string,
): Record<string, JsonSchema> {
  const definitions: Record<string, JsonSchema> = {
    [RESERVED_SCHEMAS.requestId]: REQUEST_ID,
    [RESERVED_SCHEMAS.errorCode]: ERROR_CODE,
  };
  const frame = (
    frameName: string,
    type: string,
    id: FrameId,
    description: string,
    data?: readonly [name: string, schema: JsonSchema],
  ) => {
    if (data !== undefined) definitions[data[0]] = data[1];
    definitions[frameName] = frameSchema(
      type,
      data === undefined ? { type: "null" } : { $ref: `${refBase}${data[0]}` },
      id,
      refBase,
      description,
    );
  };
  const names = RESERVED_SCHEMAS;
  frame(
    names.welcome,
    "welcome",
    "none",
    "The first frame once the connection is authenticated (server to client).",
    [names.welcomeData, WELCOME],
  );
  frame(
    names.ping,
    "ping",
    "none",
    "Sent every `pingIntervalMs` (server to client); answer with `pong`.",
  );
  frame(
    names.pong,
    "pong",
    "none",
    "The answer to `ping` (client to server). A client silent for `pingIntervalMs` plus the server's `pongTimeoutMs` is closed with 1001.",
  );
  frame(
    names.authRequest,
    "auth",
    "required",
    "First-message authentication, or a token refresh before `exp` (client to server).",
    [names.authRequestData, AUTH_REQUEST],
  );
  frame(
    names.authReply,
    "auth",
    "required",
    "The answer to `auth` (server to client); a refused token is answered by an `error` frame.",
    [names.authReplyData, AUTH_REPLY],
  );
  frame(
    names.error,
    "error",
    "optional",
    "A refused frame or a failed RPC (server to client), with the request's `id` if it had one.",
    [names.errorData, errorData(refBase)],
  );
  frame(
    names.position,
    "position",
    "none",
    "Where a stream is as the connection starts receiving it (on joining a room, and for its user stream at open), or a publication it was left out of (server to client, on a route with history).",
    [names.positionData, POSITION],
  );
  frame(
    names.recoverRequest,
    "recover",
    "required",
    "After a reconnect (after the `@replay` messages) or a gap: the last position seen of each stream (client to server, on a route with history).",
    [names.recoverRequestData, RECOVER_REQUEST],
  );
  frame(
    names.recoverReply,
    "recover",
    "required",
    "The answer to `recover`, after the replayed publications (server to client).",
    [names.recoverReplyData, RECOVER_REPLY],
  );
  return definitions;
}

const REQUEST_ID: JsonSchema = {
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
};

const ERROR_CODE: JsonSchema = {
  description:
    "A stable error code. Handlers may answer with codes of their own, so any other string may occur too.",
  anyOf: [
    ...ERROR_CODES.map(({ code, meaning }) => ({
      const: code,
      description: meaning,
    })),
    { type: "string", description: "A code of the application's own." },
  ],
};

const WELCOME: JsonSchema = {
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
};

const AUTH_REQUEST: JsonSchema = {
  type: "object",
  properties: {
    token: { type: "string", minLength: 1, description: "A JWT." },
  },
  required: ["token"],
};

const AUTH_REPLY: JsonSchema = {
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
};

function errorData(refBase: string): JsonSchema {
  return {
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
  };
}

const POSITION: JsonSchema = {
  type: "object",
  properties: {
    stream: STREAM,
    offset: OFFSET,
    epoch: EPOCH,
    skipped: {
      type: "boolean",
      description: "Stands for a publication this connection was left out of.",
    },
  },
  required: ["stream", "offset", "epoch"],
};

/** `{streams: {<stream>: position}}`, the data of both `recover` frames. */
function streams(position: JsonSchema): JsonSchema {
  return {
    type: "object",
    properties: {
      streams: { type: "object", additionalProperties: position },
    },
    required: ["streams"],
  };
}

const RECOVER_REQUEST: JsonSchema = streams({
  type: "object",
  properties: { offset: OFFSET, epoch: EPOCH },
  required: ["offset", "epoch"],
});

const RECOVER_REPLY: JsonSchema = streams({
  type: "object",
  properties: {
    recovered: {
      type: "boolean",
      description:
        "True when every missed publication was replayed (before this answer); false: none was.",
    },
    offset: OFFSET,
    epoch: EPOCH,
    why: {
      enum: [...SERVER_UNRECOVERED_REASONS],
      description:
        "Only when not recovered: history_lost (another epoch: the history started again), too_far_behind (trimmed by size or expired), not_member (the connection does not receive the stream), store_unavailable (the history could not be read).",
    },
  },
  required: ["recovered"],
});
