/**
 * wiretype: typed WebSocket services for Deno. This root holds what most
 * server applications name: `createServer` and `closeOnSignals` to serve,
 * the connection and route types a handler author writes, JWT
 * authentication, and the codes to fail a request or close a connection
 * with. Everything else is on a subpath by role:
 *
 * - `@wiretype/wiretype/server`: the whole server API (limits, heartbeat,
 *   origins, proxies, loggers, stats, metrics)
 * - `@wiretype/wiretype/auth`: authenticators, JWT verifiers, ticket stores
 * - `@wiretype/wiretype/fanout`: fan-out across isolates and machines,
 *   presence, history stores
 * - `@wiretype/wiretype/client` and `@wiretype/wiretype/react`: the client
 *   runtime and its React hooks
 * - `@wiretype/wiretype/define`: the vocabulary of protocol files
 * - `@wiretype/wiretype/codegen`: the code generator and its CLI
 * - `@wiretype/wiretype/codegen-runtime`: what generated code imports; not
 *   for applications
 *
 * @example Usage
 * ```ts
 * import { closeOnSignals, createServer } from "@wiretype/wiretype";
 * import { type ChatHandlers, chatRoute } from "./protocol/gen/chat_server.ts";
 *
 * declare const handlers: ChatHandlers; // yours: one method per client message and RPC
 * const server = createServer({ routes: [chatRoute(handlers)] });
 * Deno.serve(server.fetch);
 * closeOnSignals(server);
 * ```
 *
 * @module
 */
export {
  type Broadcast,
  closeOnSignals,
  type CloseOnSignalsOptions,
  type Connection,
  createServer,
  type Route,
  type RouteOptions,
  type Server,
  type ServerOptions,
} from "./src/server/mod.ts";
export {
  type Authenticator,
  type Claims,
  createAuthenticator,
  createJwtVerifier,
} from "./src/auth/mod.ts";
export { CloseCode, ErrorCode, ProtocolError } from "./src/server/mod.ts";
