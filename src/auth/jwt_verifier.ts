import {
  createLocalJWKSet,
  createRemoteJWKSet,
  type JSONWebKeySet,
  type JWK,
  jwtVerify,
  type JWTVerifyGetKey,
} from "jose";
import { AuthError, AuthErrorCode } from "./auth_error.ts";
import type { Claims } from "./claims.ts";
import { authErrorFromJose, guardRemoteKeys } from "./_jose_errors.ts";

/**
 * The JWS algorithms a verifier may accept. `none` is not among them: an
 * unsigned token is never valid.
 *
 * @example
 * ```ts
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
 * Where the verification keys come from; give exactly one of `key`, `jwks`
 * and `jwksUrl`, and pin the accepted `algorithms`.
 *
 * @example
 * ```ts
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
   * One key: an HMAC secret (bytes or a UTF-8 string of at least 32 bytes),
   * a public `CryptoKey`, or a JWK (public, or `oct` for a secret).
   */
  readonly key?: CryptoKey | Uint8Array | string | JWK;
  /** A local JWK set; the token's `kid` and `alg` pick the key. */
  readonly jwks?: JSONWebKeySet;
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
 * @example
 * ```ts
 * const claims = await verifier.verify(token);
 * claims.sub; // "alice"
 * ```
 */
export interface TokenVerifier {
  /** Verifies signature and claims; `sub` is guaranteed to be a non-empty string. */
  verify(token: string): Promise<Claims & { readonly sub: string }>;
}

interface VerifierSettings {
  readonly jwksCooldownMs: number;
  readonly jwksCacheMaxAgeMs: number;
  readonly jwksTimeoutMs: number;
  readonly clockToleranceSeconds: number;
  readonly requireExpiry: boolean;
}

const DEFAULTS: VerifierSettings = {
  jwksCooldownMs: 30_000,
  jwksCacheMaxAgeMs: 600_000,
  jwksTimeoutMs: 5_000,
  clockToleranceSeconds: 5,
  requireExpiry: true,
};

/** RFC 7518 section 3.2: an HMAC key at least as long as the hash output. */
const MIN_SECRET_BYTES = 32;

/**
 * Builds a {@link TokenVerifier} on jose from pinned algorithms and one key
 * source. Options are checked here, so a misconfiguration fails at start-up
 * with the option's name rather than at the first connection.
 *
 * @example
 * ```ts
 * import { createJwtVerifier } from "@wiretype/wiretype";
 * const verifier = createJwtVerifier({
 *   algorithms: ["HS256"],
 *   key: Deno.env.get("JWT_SECRET")!,
 *   issuer: "my-app",
 * });
 * const claims = await verifier.verify(token);
 * ```
 */
export function createJwtVerifier(options: JwtVerifierOptions): TokenVerifier {
  const algorithms = checkAlgorithms(options.algorithms);
  const settings: VerifierSettings = {
    jwksCooldownMs: options.jwksCooldownMs ?? DEFAULTS.jwksCooldownMs,
    jwksCacheMaxAgeMs: options.jwksCacheMaxAgeMs ?? DEFAULTS.jwksCacheMaxAgeMs,
    jwksTimeoutMs: options.jwksTimeoutMs ?? DEFAULTS.jwksTimeoutMs,
    clockToleranceSeconds: options.clockToleranceSeconds ??
      DEFAULTS.clockToleranceSeconds,
    requireExpiry: options.requireExpiry ?? DEFAULTS.requireExpiry,
  };
  checkNonNegative("clockToleranceSeconds", settings.clockToleranceSeconds);
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
      return { ...payload, sub };
    },
  };
}

type KeyInput = CryptoKey | Uint8Array | JWK | JWTVerifyGetKey;

function resolveKey(
  options: JwtVerifierOptions,
  algorithms: readonly JwtAlgorithm[],
  settings: VerifierSettings,
): KeyInput {
  const given = [options.key, options.jwks, options.jwksUrl]
    .filter((source) => source !== undefined).length;
  if (given !== 1) {
    throw new TypeError(
      `createJwtVerifier: give exactly one of "key", "jwks" and "jwksUrl" (got ${given})`,
    );
  }
  if (options.jwksUrl !== undefined) {
    for (const name of ["jwksCooldownMs", "jwksCacheMaxAgeMs"] as const) {
      checkNonNegative(name, settings[name]);
    }
    checkNonNegative("jwksTimeoutMs", settings.jwksTimeoutMs, true);
    const remote = createRemoteJWKSet(parseUrl(options.jwksUrl), {
      cooldownDuration: settings.jwksCooldownMs,
      cacheMaxAge: settings.jwksCacheMaxAgeMs,
      timeoutDuration: settings.jwksTimeoutMs,
    });
    return guardRemoteKeys(remote);
  }
  if (options.jwks !== undefined) {
    try {
      return createLocalJWKSet(options.jwks);
    } catch (error) {
      throw new TypeError(
        'createJwtVerifier: "jwks" is not a JSON Web Key Set ({ keys: [...] })',
        { cause: error },
      );
    }
  }
  return checkKey(options.key!, algorithms);
}

function checkKey(
  key: CryptoKey | Uint8Array | string | JWK,
  algorithms: readonly JwtAlgorithm[],
): CryptoKey | Uint8Array | JWK {
  const hmacOnly = algorithms.every((alg) => alg.startsWith("HS"));
  const noHmac = algorithms.every((alg) => !alg.startsWith("HS"));
  const fail = (why: string): never => {
    throw new TypeError(`createJwtVerifier: "key" ${why}`);
  };
  if (typeof key === "string" || key instanceof Uint8Array) {
    const bytes = typeof key === "string" ? new TextEncoder().encode(key) : key;
    if (!hmacOnly) fail("is a secret: pin HS256, HS384 or HS512 only");
    if (bytes.byteLength < MIN_SECRET_BYTES) {
      fail(`must be at least ${MIN_SECRET_BYTES} bytes long (RFC 7518)`);
    }
    return bytes;
  }
  if (key instanceof CryptoKey) {
    const isSecret = key.algorithm.name === "HMAC";
    if (!isSecret && key.type !== "public") fail("must be a public key");
    if (isSecret ? !hmacOnly : !noHmac) {
      fail(
        "does not match the algorithms: secrets are HS* only, public keys never HS*",
      );
    }
    return key;
  }
  if (typeof key !== "object" || key === null || typeof key.kty !== "string") {
    return fail("must be a CryptoKey, secret bytes, a string or a JWK");
  }
  const isSecret = key.kty === "oct";
  if (!isSecret && key.d !== undefined) {
    fail("is a private JWK: pass the public key");
  }
  if (isSecret ? !hmacOnly : !noHmac) {
    fail(
      "does not match the algorithms: oct JWKs are HS* only, others never HS*",
    );
  }
  return key;
}

function checkAlgorithms(
  algorithms: readonly JwtAlgorithm[] | undefined,
): readonly JwtAlgorithm[] {
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    throw new TypeError(
      'createJwtVerifier: "algorithms" is required, e.g. ["RS256"]; it is never taken from the token',
    );
  }
  for (const alg of algorithms) {
    if (!(JWT_ALGORITHMS as readonly string[]).includes(alg)) {
      throw new TypeError(
        `createJwtVerifier: "algorithms" contains ${
          JSON.stringify(alg)
        }; supported: ${JWT_ALGORITHMS.join(", ")}`,
      );
    }
  }
  return algorithms;
}

function checkNonNegative(name: string, value: unknown, integer = false): void {
  const ok = typeof value === "number" && Number.isFinite(value) &&
    value >= 0 &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    throw new TypeError(
      `createJwtVerifier: "${name}" must be a non-negative ${
        integer ? "integer" : "number"
      } (got ${String(value)})`,
    );
  }
}

function parseUrl(url: string | URL): URL {
  try {
    return new URL(url);
  } catch (error) {
    throw new TypeError(`createJwtVerifier: "jwksUrl" is not a URL: ${url}`, {
      cause: error,
    });
  }
}

function copyList(
  value: string | readonly string[] | undefined,
): string | string[] | undefined {
  return typeof value === "string" || value === undefined ? value : [...value];
}
