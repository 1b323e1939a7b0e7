import {
  base64url,
  createLocalJWKSet,
  createRemoteJWKSet,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
} from "jose";
import {
  checkNumber,
  describeValue,
  optionTypeError,
} from "../_option_checks.ts";
import { guardRemoteKeys } from "./_jose_errors.ts";
import { HMAC_HASHES, secretKeyResolver } from "./_secret_keys.ts";
import {
  type Jwk,
  type JwkSet,
  JWT_ALGORITHMS,
  type JwtAlgorithm,
} from "./jwt_keys.ts";

/** What option errors name: the function the user called. */
export const OWNER = "createJwtVerifier";

/**
 * The key sources of `JwtVerifierOptions`, of which exactly one is given;
 * named here so this file does not import the verifier that imports it.
 */
export interface KeySources {
  readonly key?: CryptoKey | Uint8Array | string | Jwk;
  readonly jwks?: JwkSet;
  readonly jwksUrl?: string | URL;
}

/** How a remote key set is cached and fetched, defaults applied. */
export interface RemoteKeySettings {
  readonly jwksCooldownMs: number;
  readonly jwksCacheMaxAgeMs: number;
  readonly jwksTimeoutMs: number;
}

/** What jose verifies with: a key, or a function picking one per token. */
export type KeyInput = CryptoKey | JWK | JWTVerifyGetKey;

/**
 * Turns the one key source of `options` into what jose takes, refusing
 * mismatches of key and algorithms (the HS/RS confusion) up front.
 */
export function resolveKey(
  options: KeySources,
  algorithms: readonly JwtAlgorithm[],
  settings: RemoteKeySettings,
): KeyInput {
  const given = [options.key, options.jwks, options.jwksUrl]
    .filter((source) => source !== undefined).length;
  if (given !== 1) {
    // `key: Deno.env.get("JWT_SECRET")` with the variable unset is the usual way to get here.
    const unset = given === 0 && "key" in options
      ? ": key is undefined (is the environment variable it reads set?)"
      : ` (got ${given})`;
    throw optionTypeError(
      OWNER,
      `give exactly one of key, jwks and jwksUrl${unset}`,
    );
  }
  if (options.jwksUrl !== undefined) {
    for (const name of ["jwksCooldownMs", "jwksCacheMaxAgeMs"] as const) {
      checkNumber(OWNER, name, settings[name], { min: 0 });
    }
    checkNumber(OWNER, "jwksTimeoutMs", settings.jwksTimeoutMs, {
      integer: true,
      min: 0,
    });
    const remote = createRemoteJWKSet(parseUrl(options.jwksUrl), {
      cooldownDuration: settings.jwksCooldownMs,
      cacheMaxAge: settings.jwksCacheMaxAgeMs,
      timeoutDuration: settings.jwksTimeoutMs,
    });
    return guardRemoteKeys(remote);
  }
  if (options.jwks !== undefined) {
    try {
      return createLocalJWKSet(options.jwks as JSONWebKeySet);
    } catch (error) {
      const refusal = optionTypeError(
        OWNER,
        "jwks must be a JSON Web Key Set ({ keys: [...] })",
      );
      refusal.cause = error;
      throw refusal;
    }
  }
  return checkKey(options.key!, algorithms);
}

function checkKey(
  key: CryptoKey | Uint8Array | string | Jwk,
  algorithms: readonly JwtAlgorithm[],
): KeyInput {
  const hmacOnly = algorithms.every((alg) => alg.startsWith("HS"));
  const noHmac = algorithms.every((alg) => !alg.startsWith("HS"));
  const fail = (why: string): never => {
    throw optionTypeError(OWNER, `key ${why}`);
  };
  if (typeof key === "string" || key instanceof Uint8Array) {
    const bytes = typeof key === "string" ? new TextEncoder().encode(key) : key;
    if (!hmacOnly) fail("is a secret: pin HS256, HS384 or HS512 only");
    return secretKeyResolver(checkSecretLength(bytes, algorithms, fail));
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
  if (!isSecret) return key;
  return secretKeyResolver(
    checkSecretLength(octSecret(key, fail), algorithms, fail),
  );
}

function octSecret(jwk: Jwk, fail: (why: string) => never): Uint8Array {
  if (typeof jwk.k !== "string" || jwk.k.length === 0) {
    return fail("is an oct JWK without k (its secret, base64url)");
  }
  try {
    return base64url.decode(jwk.k);
  } catch {
    return fail("is an oct JWK whose k is not base64url");
  }
}

/** `secret` if it is as long as RFC 7518 asks for every pinned algorithm. */
function checkSecretLength(
  secret: Uint8Array,
  algorithms: readonly JwtAlgorithm[],
  fail: (why: string) => never,
): Uint8Array {
  const strictest = algorithms.reduce((longest, alg) =>
    HMAC_HASHES[alg].bytes > HMAC_HASHES[longest].bytes ? alg : longest
  );
  const needed = HMAC_HASHES[strictest].bytes;
  if (secret.byteLength < needed) {
    fail(
      `must be at least ${needed} bytes long for ${strictest} (RFC 7518), got ${secret.byteLength}`,
    );
  }
  return secret;
}

/** The pinned algorithms, checked against {@link JWT_ALGORITHMS}. */
export function checkAlgorithms(
  algorithms: readonly JwtAlgorithm[] | undefined,
): readonly JwtAlgorithm[] {
  if (algorithms !== undefined && !Array.isArray(algorithms)) {
    throw optionTypeError(
      OWNER,
      `algorithms must be an array, e.g. ["HS256"] or ["RS256"], got ${
        describeValue(algorithms)
      }`,
    );
  }
  if (algorithms === undefined || algorithms.length === 0) {
    throw optionTypeError(
      OWNER,
      'algorithms is required, e.g. ["HS256"] or ["RS256"]; it is never taken from the token',
    );
  }
  for (const alg of algorithms) {
    if (!(JWT_ALGORITHMS as readonly string[]).includes(alg)) {
      throw optionTypeError(
        OWNER,
        `algorithms must hold only ${JWT_ALGORITHMS.join(", ")}, got ${
          describeValue(alg)
        }`,
      );
    }
  }
  return algorithms;
}

function parseUrl(url: string | URL): URL {
  try {
    return new URL(url);
  } catch (error) {
    const refusal = optionTypeError(
      OWNER,
      `jwksUrl must be a URL, got ${describeValue(String(url))}`,
    );
    refusal.cause = error;
    throw refusal;
  }
}
