/**
 * The JWS algorithms a verifier may accept. `none` is not among them: an
 * unsigned token is never valid.
 *
 * @example Usage
 * ```ts
 * import { JWT_ALGORITHMS } from "@wiretype/wiretype/auth";
 *
 * JWT_ALGORITHMS.includes("ES256"); // true
 * ```
 */
export const JWT_ALGORITHMS = [
  "HS256",
  "HS384",
  "HS512",
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "Ed25519",
] as const;

/** One of {@link JWT_ALGORITHMS}. */
export type JwtAlgorithm = typeof JWT_ALGORITHMS[number];

/**
 * A JSON Web Key (RFC 7517) as published in a key set: the Web Crypto
 * `JsonWebKey` plus the key id tokens name in their header.
 *
 * @example Usage
 * ```ts
 * import type { Jwk } from "@wiretype/wiretype/auth";
 *
 * const jwk: Jwk = { kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", kid: "2026-01" };
 * ```
 */
export interface Jwk extends JsonWebKey {
  /** The key id, matched against the token header's `kid`. */
  readonly kid?: string;
}

/**
 * A JSON Web Key Set: `{ "keys": [...] }`, as served at a `jwks.json` URL.
 *
 * @example Usage
 * ```ts
 * import type { JwkSet } from "@wiretype/wiretype/auth";
 *
 * const jwks: JwkSet = {
 *   keys: [{ kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", kid: "2026-01" }],
 * };
 * ```
 */
export interface JwkSet {
  /** The keys; a token's `kid` and `alg` pick one. */
  readonly keys: readonly Jwk[];
}
