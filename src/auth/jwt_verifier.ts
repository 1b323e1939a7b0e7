import { jwtVerify } from "jose";
import {
  checkKnownKeys,
  checkNumber,
  checkObject,
  optionKeys,
} from "../_option_checks.ts";
import { AuthError, AuthErrorCode } from "./auth_error.ts";
import type { Claims } from "./claims.ts";
import { authErrorFromJose } from "./_jose_errors.ts";
import {
  checkAlgorithms,
  OWNER,
  type RemoteKeySettings,
  resolveKey,
} from "./_verifier_keys.ts";
import type { Jwk, JwkSet, JwtAlgorithm } from "./jwt_keys.ts";

/**
 * Where the verification keys come from; give exactly one of `key`, `jwks`
 * and `jwksUrl`, and pin the accepted `algorithms`.
 *
 * @example Usage
 * ```ts
 * import type { JwtVerifierOptions } from "@wiretype/wiretype/auth";
 *
 * const options: JwtVerifierOptions = {
 *   algorithms: ["RS256"],
 *   jwksUrl: "https://auth.example.com/.well-known/jwks.json",
 *   issuer: "https://auth.example.com/",
 *   audience: "chat",
 * };
 * ```
 */
export interface JwtVerifierOptions {
  /**
   * The algorithms accepted, never taken from the token. Secret keys accept
   * only HS*; public keys never HS*, which rules out HS/RS confusion.
   */
  readonly algorithms: readonly JwtAlgorithm[];
  /**
   * One key: an HMAC secret (bytes or a UTF-8 string, at least 32 bytes for
   * HS256, 48 for HS384, 64 for HS512),
   * a public `CryptoKey`, or a {@link Jwk} (public, or `oct` for a secret).
   */
  readonly key?: CryptoKey | Uint8Array | string | Jwk;
  /** A local JWK set; the token's `kid` and `alg` pick the key. */
  readonly jwks?: JwkSet;
  /**
   * A remote JWK set, fetched on first use, cached, and fetched again when a
   * token names an unknown `kid` (key rotation).
   */
  readonly jwksUrl?: string | URL;
  /** Minimum time between two fetches of `jwksUrl` on unknown `kid`s. Default 30 000. */
  readonly jwksCooldownMs?: number;
  /** How long a fetched key set is used before it is fetched again. Default 600 000. */
  readonly jwksCacheMaxAgeMs?: number;
  /** Timeout of one fetch of `jwksUrl`. Default 5 000. */
  readonly jwksTimeoutMs?: number;
  /** Accepted `iss` value(s); when set, `iss` is required. */
  readonly issuer?: string | readonly string[];
  /** Accepted `aud` value(s); when set, `aud` must name one of them. */
  readonly audience?: string | readonly string[];
  /** Allowed clock skew for `exp`, `nbf` and `iat`. Default 5. */
  readonly clockToleranceSeconds?: number;
  /**
   * Refuse tokens without `exp`. Default true: a token that never expires
   * would keep a connection open forever.
   */
  readonly requireExpiry?: boolean;
}

/**
 * Verifies a JWT and returns its claims; throws {@link AuthError}.
 *
 * @example Usage
 * ```ts
 * import { AuthError, AuthErrorCode, type TokenVerifier } from "@wiretype/wiretype/auth";
 *
 * // Opaque session tokens instead of JWTs.
 * const sessions = new Map([["s3cr3t", "alice"]]);
 * const verifier: TokenVerifier = {
 *   verify(token) {
 *     const sub = sessions.get(token);
 *     return sub === undefined
 *       ? Promise.reject(new AuthError(AuthErrorCode.Malformed, "unknown session"))
 *       : Promise.resolve({ sub });
 *   },
 * };
 * (await verifier.verify("s3cr3t")).sub; // "alice"
 * ```
 */
export interface TokenVerifier {
  /** Verifies signature and claims; `sub` is guaranteed to be a non-empty string. */
  verify(token: string): Promise<Claims & { readonly sub: string }>;
}

interface VerifierSettings extends RemoteKeySettings {
  readonly clockToleranceSeconds: number;
  readonly requireExpiry: boolean;
}

const JWT_VERIFIER_OPTION_KEYS = optionKeys<JwtVerifierOptions>({
  algorithms: true,
  key: true,
  jwks: true,
  jwksUrl: true,
  jwksCooldownMs: true,
  jwksCacheMaxAgeMs: true,
  jwksTimeoutMs: true,
  issuer: true,
  audience: true,
  clockToleranceSeconds: true,
  requireExpiry: true,
});

const DEFAULTS: VerifierSettings = {
  jwksCooldownMs: 30_000,
  jwksCacheMaxAgeMs: 600_000,
  jwksTimeoutMs: 5_000,
  clockToleranceSeconds: 5,
  requireExpiry: true,
};

/**
 * Builds a {@link TokenVerifier} on jose from pinned algorithms and one key
 * source. Options are checked here, so a misconfiguration fails at start-up
 * with the option's name rather than at the first connection.
 *
 * @example Usage
 * ```ts
 * import { createJwtVerifier } from "@wiretype/wiretype";
 *
 * const verifier = createJwtVerifier({
 *   algorithms: ["HS256"],
 *   key: Deno.env.get("JWT_SECRET")!,
 *   issuer: "my-app",
 * });
 * const token = Deno.args[0]; // a JWT
 * const claims = await verifier.verify(token);
 * ```
 */
export function createJwtVerifier(options: JwtVerifierOptions): TokenVerifier {
  checkObject(
    OWNER,
    "options",
    options,
    "an object with at least { algorithms }",
  );
  checkKnownKeys(OWNER, "", options, JWT_VERIFIER_OPTION_KEYS);
  const algorithms = checkAlgorithms(options.algorithms);
  const settings: VerifierSettings = {
    jwksCooldownMs: options.jwksCooldownMs ?? DEFAULTS.jwksCooldownMs,
    jwksCacheMaxAgeMs: options.jwksCacheMaxAgeMs ?? DEFAULTS.jwksCacheMaxAgeMs,
    jwksTimeoutMs: options.jwksTimeoutMs ?? DEFAULTS.jwksTimeoutMs,
    clockToleranceSeconds: options.clockToleranceSeconds ??
      DEFAULTS.clockToleranceSeconds,
    requireExpiry: options.requireExpiry ?? DEFAULTS.requireExpiry,
  };
  checkNumber(OWNER, "clockToleranceSeconds", settings.clockToleranceSeconds, {
    min: 0,
  });
  const key = resolveKey(options, algorithms, settings);
  const verifyOptions = {
    algorithms: [...algorithms],
    issuer: copyList(options.issuer),
    audience: copyList(options.audience),
    clockTolerance: settings.clockToleranceSeconds,
    requiredClaims: settings.requireExpiry ? ["sub", "exp"] : ["sub"],
  };
  return {
    async verify(token: string) {
      if (typeof token !== "string" || token.length === 0) {
        throw new AuthError(AuthErrorCode.Missing, "no token was presented");
      }
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, key, verifyOptions));
      } catch (error) {
        throw authErrorFromJose(error);
      }
      const { sub } = payload;
      if (typeof sub !== "string" || sub.length === 0) {
        throw new AuthError(
          AuthErrorCode.BadClaims,
          'claim "sub" must be a non-empty string',
        );
      }
      const claims = { ...payload, sub };
      // jose checked `iss` and `aud` against the configured values: keep
      // those strings instead of a copy from every token, which a server
      // holds once per connection for the life of the connection.
      shareConfigured(claims, "iss", verifyOptions.issuer);
      shareConfigured(claims, "aud", verifyOptions.audience);
      return claims;
    },
  };
}

function shareConfigured(
  claims: Record<string, unknown>,
  name: "iss" | "aud",
  configured: string | readonly string[] | undefined,
): void {
  const value = claims[name];
  if (typeof value !== "string" || configured === undefined) return;
  const same = typeof configured === "string"
    ? (configured === value ? configured : undefined)
    : configured.find((candidate) => candidate === value);
  if (same !== undefined) claims[name] = same;
}

function copyList(
  value: string | readonly string[] | undefined,
): string | string[] | undefined {
  return typeof value === "string" || value === undefined ? value : [...value];
}
