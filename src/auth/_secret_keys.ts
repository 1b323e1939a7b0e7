/**
 * HMAC secrets as `CryptoKey`s imported once per algorithm. Given secret
 * bytes, jose imports a new `CryptoKey` on every verification; on Deno 2.9
 * each imported key holds about 3 KB of native memory that V8 does not
 * count, freed only at its next full collection. A server with a small
 * JavaScript heap goes long between those, so a reconnect storm (every
 * client of an evicted isolate coming back at once) grew RSS by about
 * 3 KB per token verified; importing once keeps it flat. Measured in
 * bench/RESULTS.md ("Idle connections").
 *
 * @module
 */
import type { JWTVerifyGetKey } from "jose";

/**
 * The hash of each HMAC algorithm and its output size, which RFC 7518
 * (section 3.2) sets as the shortest secret the algorithm may use.
 */
export const HMAC_HASHES: Readonly<
  Record<string, { readonly name: string; readonly bytes: number }>
> = {
  HS256: { name: "SHA-256", bytes: 32 },
  HS384: { name: "SHA-384", bytes: 48 },
  HS512: { name: "SHA-512", bytes: 64 },
};

/**
 * A jose key resolver for one HMAC secret: the `CryptoKey` for a token's
 * `alg` (one of `HS256`, `HS384`, `HS512`, already checked against the pinned
 * algorithms by jose), imported the first time that algorithm is seen.
 *
 * @example
 * ```ts
 * import { secretKeyResolver } from "./_secret_keys.ts";
 *
 * const keyFor = secretKeyResolver(new TextEncoder().encode("a secret of at least 32 bytes...."));
 * ```
 */
export function secretKeyResolver(secret: Uint8Array): JWTVerifyGetKey {
  // A copy: the caller's buffer may change after the verifier is made.
  const bytes = secret.slice();
  const keys = new Map<string, Promise<CryptoKey>>();
  return ({ alg }) => {
    let key = keys.get(alg);
    if (key === undefined) {
      key = crypto.subtle.importKey(
        "raw",
        bytes,
        { name: "HMAC", hash: HMAC_HASHES[alg].name },
        false,
        ["verify"],
      );
      keys.set(alg, key);
    }
    return key;
  };
}
