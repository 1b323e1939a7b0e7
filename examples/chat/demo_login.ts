import { SignJWT } from "jose";

/** Issuer and audience of the demo's tokens; the verifier pins both. */
export const DEMO_ISSUER = "wiretype-demo";
const TOKEN_LIFETIME_SECONDS = 3_600;
const NAME = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * `POST /login {"name": "alice"}` -> `{"token": "<JWT>"}`: a login for
 * development only. It trusts any name and signs an HS256 token with the
 * demo's secret; a real application gets its JWTs from its identity
 * provider and never runs this.
 */
export async function handleDemoLogin(
  request: Request,
  secret: Uint8Array,
): Promise<Response> {
  if (request.method !== "POST") {
    return Response.json({ error: 'use POST with {"name": "..."}' }, {
      status: 405,
      headers: { allow: "POST" },
    });
  }
  let name: unknown;
  try {
    ({ name } = await request.json());
  } catch {
    return Response.json({ error: 'the body must be JSON: {"name": "..."}' }, {
      status: 400,
    });
  }
  if (typeof name !== "string" || !NAME.test(name)) {
    return Response.json({ error: "name: 1-40 letters, digits, _ or -" }, {
      status: 400,
    });
  }
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(name)
    .setIssuer(DEMO_ISSUER)
    .setAudience(DEMO_ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${TOKEN_LIFETIME_SECONDS}s`)
    .sign(secret);
  return Response.json({ token, expiresInSeconds: TOKEN_LIFETIME_SECONDS });
}
