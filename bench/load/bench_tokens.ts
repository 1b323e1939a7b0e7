/**
 * The JWTs the benchmark's connections present: HS256, one user per
 * connection, signed with a secret the harness makes per run and gives to
 * the servers and the client processes.
 *
 * @module
 */
import { SignJWT } from "jose";

/**
 * `iss` of every bench token; servers check it.
 *
 * @example
 * ```ts
 * await jwtVerify(token, key, { issuer: BENCH_ISSUER, audience: BENCH_AUDIENCE });
 * ```
 */
export const BENCH_ISSUER = "wiretype-bench";
/**
 * `aud` of every bench token; servers check it.
 *
 * @example
 * ```ts
 * await jwtVerify(token, key, { issuer: BENCH_ISSUER, audience: BENCH_AUDIENCE });
 * ```
 */
export const BENCH_AUDIENCE = "wiretype-bench";

/**
 * Signs a token for `user-<index>`, valid for an hour.
 *
 * @example
 * ```ts
 * const token = await benchToken("s3cret-s3cret-s3cret-s3cret-s3cret", 7);
 * ```
 */
export async function benchToken(
  secret: string,
  userIndex: number,
): Promise<string> {
  return await new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(`user-${userIndex}`)
    .setIssuer(BENCH_ISSUER)
    .setAudience(BENCH_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(secret));
}
