/**
 * Real keys and real JWTs for auth tests, made with jose: nothing is faked,
 * so a test that passes here passes against a real identity provider.
 *
 * @module
 */
import {
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from "jose";
import type { JwtAlgorithm } from "../../src/auth/jwt_keys.ts";

/** A signing key and the key a verifier is given for it. */
export interface TestKey {
  /** The algorithm the key signs with. */
  readonly alg: JwtAlgorithm;
  /** What the signer uses: a private key or the HMAC secret. */
  readonly signingKey: CryptoKey | Uint8Array;
  /** What the verifier gets: the public key or the same secret. */
  readonly verifyKey: CryptoKey | Uint8Array;
  /** The public key as a JWK with `kid`, `alg` and `use` (undefined for secrets). */
  readonly publicJwk: JWK | undefined;
  /** The key id put in token headers. */
  readonly kid: string;
}

const SECRET_BYTES: Partial<Record<JwtAlgorithm, number>> = {
  HS256: 32,
  HS384: 48,
  HS512: 64,
};

let nextKid = 0;

/**
 * Makes a fresh key for `alg`: random secret bytes for HS*, a key pair
 * otherwise.
 *
 * @example
 * ```ts
 * const key = await makeTestKey("ES256");
 * const token = await signTestToken(key, { sub: "alice" });
 * ```
 */
export async function makeTestKey(alg: JwtAlgorithm): Promise<TestKey> {
  const kid = `test-key-${++nextKid}`;
  const secretBytes = SECRET_BYTES[alg];
  if (secretBytes !== undefined) {
    const secret = crypto.getRandomValues(new Uint8Array(secretBytes));
    return {
      alg,
      signingKey: secret,
      verifyKey: secret,
      publicJwk: undefined,
      kid,
    };
  }
  const { privateKey, publicKey } = await generateKeyPair(alg, {
    extractable: true,
  });
  const publicJwk = { ...await exportJWK(publicKey), kid, alg, use: "sig" };
  return { alg, signingKey: privateKey, verifyKey: publicKey, publicJwk, kid };
}

/** Claims and header tweaks for {@link signTestToken}. */
export interface TestTokenOptions {
  /** `exp` relative to now; default 300. Use a negative value for an expired token. */
  readonly expiresInSeconds?: number;
  /** Leave `exp` out entirely. */
  readonly withoutExpiry?: boolean;
  /** Put the key id in the header; default true. */
  readonly withKid?: boolean;
}

/**
 * Signs `claims` with `key`, adding `iat` and `exp` (default: in 5 minutes).
 *
 * @example
 * ```ts
 * const token = await signTestToken(key, { sub: "alice", iss: "test" });
 * ```
 */
export async function signTestToken(
  key: TestKey,
  claims: JWTPayload,
  options: TestTokenOptions = {},
): Promise<string> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims)
    .setProtectedHeader({
      alg: key.alg,
      typ: "JWT",
      ...(options.withKid === false ? {} : { kid: key.kid }),
    })
    .setIssuedAt(nowSeconds);
  if (!options.withoutExpiry) {
    jwt.setExpirationTime(nowSeconds + (options.expiresInSeconds ?? 300));
  }
  return await jwt.sign(key.signingKey);
}
