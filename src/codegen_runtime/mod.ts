/**
 * The runtime that generated code imports, and only generated code: the
 * generated `*_protocol.ts`, `*_server.ts` and `*_client.ts` files import
 * from here and from nowhere else in wiretype, as protobuf-es's generated
 * code imports its codegen runtime. It holds what those files build on
 * (`defineRoute`, the client base class and its `ClientProtocol`, the
 * validator helpers and string formats) and the wire internals the runtime
 * itself uses (envelope encoding, version negotiation, publication
 * positions).
 *
 * Applications do not import this subpath: they import the files the
 * generator wrote, and `@wiretype/wiretype` (or `/server`, `/auth`,
 * `/fanout`, `/client`, `/react`). What is here may change with the
 * generator: regenerate after upgrading wiretype.
 *
 * @example Usage
 * ```ts
 * // What a generated protocol file does with it: a validator of one field.
 * import { codePointLength, type ValidationIssue } from "@wiretype/wiretype/codegen-runtime";
 *
 * export function validateRoom(value: unknown): ValidationIssue | undefined {
 *   if (typeof value !== "string") return { path: "", message: "expected string" };
 *   if (codePointLength(value) > 32) return { path: "", message: "expected at most 32 characters" };
 *   return undefined;
 * }
 * ```
 *
 * @module
 */

// What generated server files build on.
export {
  defineRoute,
  type DispatchOutcome,
  type ProtocolInfo,
  type Route,
  type RouteOptions,
  type RouteSpec,
} from "../server/route.ts";
export type { Connection } from "../server/connection.ts";

// What generated client files build on.
export { WiretypeClient } from "../client/client.ts";
export type {
  ClientOptions,
  RequestOptions,
} from "../client/client_options.ts";
export {
  type ClientProtocol,
  RESERVED_CLIENT_MEMBERS,
} from "../client/client_protocol.ts";

// What generated validators call.
export {
  pathSegment,
  rootIssue,
  type UnknownFieldListener,
  type ValidationIssue,
  type Validator,
  withPathPrefix,
} from "../wire/validation.ts";
export {
  codePointLength,
  isDateTime,
  isEmail,
  isUri,
  isUuid,
} from "../wire/string_formats.ts";

// The wire internals: frames, version negotiation, stream positions.
export {
  decodeEnvelope,
  encodeEnvelope,
  encodeError,
  type Envelope,
  type RequestId,
  ReservedType,
} from "../wire/envelope.ts";
export {
  negotiateVersion,
  type ProtocolVersions,
  serverVersionOf,
  SUBPROTOCOL_PREFIX,
  type VersionNegotiation,
  versionSubprotocol,
} from "../wire/version.ts";
export {
  positionOf,
  type PublicationPosition,
  withPosition,
} from "../wire/publication.ts";
