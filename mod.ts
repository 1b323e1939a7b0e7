/**
 * wiretype: typed WebSocket services for Deno. This entry point is the
 * server side: `createServer`, the route and connection types generated
 * code builds on, authentication, fan-out and the wire vocabulary (close
 * codes, error codes). The client lives at `@wiretype/wiretype/client`, the
 * code generator at `@wiretype/wiretype/codegen`, the protocol vocabulary at
 * `@wiretype/wiretype/define`.
 *
 * @example
 * ```ts
 * import { createServer } from "@wiretype/wiretype";
 * import { chatRoute } from "./protocol/gen/chat_server.ts";
 *
 * const server = createServer({ routes: [chatRoute(handlers)] });
 * Deno.serve(server.fetch);
 * ```
 *
 * @module
 */
export * from "./src/wire/mod.ts";
export type {
  Broadcast,
  Connection,
  EventMap,
} from "./src/server/connection.ts";
export { defineRoute } from "./src/server/route.ts";
export type {
  AuthRule,
  CloseInfo,
  DispatchOutcome,
  ProtocolInfo,
  Route,
  RouteOptions,
  RouteSpec,
} from "./src/server/route.ts";
export type { Claims } from "./src/auth/claims.ts";
export { AuthError, AuthErrorCode } from "./src/auth/auth_error.ts";
export type {
  Authenticator,
  UpgradeDecision,
} from "./src/auth/authenticator.ts";
export type {
  Delivery,
  DeliveryTarget,
  Fanout,
  FanoutReceiver,
  Presence,
  PresenceMember,
} from "./src/fanout/fanout.ts";
