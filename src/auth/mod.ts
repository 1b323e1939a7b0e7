/**
 * Authentication: JWT verification on jose (HS, RS, PS, ES and EdDSA keys,
 * local or remote JWK sets with rotation), one-time tickets exchanged for a
 * JWT at `POST /auth/ticket` and redeemed atomically at the upgrade, and the
 * first-message flow, all behind the {@link Authenticator} that
 * `createServer({ auth })` takes. Tickets live in memory, Deno KV or Redis.
 *
 * @example Usage
 * ```ts
 * import { createAuthenticator, createJwtVerifier, KvTicketStore } from "@wiretype/wiretype/auth";
 *
 * const auth = createAuthenticator({
 *   verifier: createJwtVerifier({
 *     algorithms: ["RS256"],
 *     jwksUrl: "https://id.example.com/.well-known/jwks.json",
 *     issuer: "https://id.example.com/",
 *     audience: "chat",
 *   }),
 *   tickets: { store: new KvTicketStore(await Deno.openKv()), bindRoute: true },
 * });
 * ```
 *
 * @module
 */
export { AuthError, AuthErrorCode } from "./auth_error.ts";
export type { Claims } from "./claims.ts";
export {
  type Authenticator,
  createAuthenticator,
  type UpgradeDecision,
} from "./authenticator.ts";
export type {
  AuthenticatorOptions,
  FirstMessageOptions,
  TicketOptions,
} from "./authenticator_options.ts";
export {
  createJwtVerifier,
  type JwtVerifierOptions,
  type TokenVerifier,
} from "./jwt_verifier.ts";
export {
  type Jwk,
  type JwkSet,
  JWT_ALGORITHMS,
  type JwtAlgorithm,
} from "./jwt_keys.ts";
export type { TicketRecord, TicketStore } from "./ticket_store.ts";
export { MemoryTicketStore } from "./ticket_store_memory.ts";
export { KvTicketStore, type KvTicketStoreOptions } from "./ticket_store_kv.ts";
export {
  RedisTicketStore,
  type RedisTicketStoreOptions,
} from "./ticket_store_redis.ts";
