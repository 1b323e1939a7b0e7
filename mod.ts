/**
 * wiretype: typed WebSocket services for Deno. This entry point is the
 * server side: `createServer`, the route and connection types generated
 * code builds on, authentication (JWT via jose, one-time tickets),
 * fan-out across isolates and machines, and the wire vocabulary (close
 * codes, error codes). The client lives at `@wiretype/wiretype/client`, the
 * React hooks at `@wiretype/wiretype/react`, the code generator at
 * `@wiretype/wiretype/codegen` and the protocol vocabulary at
 * `@wiretype/wiretype/define`.
 *
 * @example Usage
 * ```ts
 * import { createServer } from "@wiretype/wiretype";
 * import { type ChatHandlers, chatRoute } from "./protocol/gen/chat_server.ts";
 *
 * declare const handlers: ChatHandlers; // yours: one method per client message and RPC
 * const server = createServer({ routes: [chatRoute(handlers)] });
 * Deno.serve(server.fetch);
 * ```
 *
 * @module
 */
export * from "./src/wire/mod.ts";
export * from "./src/server/mod.ts";
export { formatPrometheusMetrics } from "./src/server/prometheus_metrics.ts";
export * from "./src/auth/mod.ts";
export * from "./src/fanout/mod.ts";
