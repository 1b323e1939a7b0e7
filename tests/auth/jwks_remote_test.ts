import { AuthError } from "../../src/auth/auth_error.ts";
import { createJwtVerifier } from "../../src/auth/jwt_verifier.ts";
import { assertRejects, assertStrictEquals } from "../_helpers/assert.ts";
import { startJwksServer } from "../_helpers/auth_jwks_server.ts";
import { makeTestKey, signTestToken } from "../_helpers/auth_tokens.ts";

Deno.test("keys from a JWKS URL verify tokens and are fetched once", async () => {
  const key = await makeTestKey("RS256");
  await using jwks = await startJwksServer([key.publicJwk!]);
  const verifier = createJwtVerifier({
    algorithms: ["RS256"],
    jwksUrl: jwks.url,
  });
  for (const user of ["alice", "bob", "carol"]) {
    const claims = await verifier.verify(
      await signTestToken(key, { sub: user }),
    );
    assertStrictEquals(claims.sub, user);
  }
  assertStrictEquals(jwks.fetchCount, 1);
});

Deno.test("a token with a new kid makes the verifier fetch the rotated key set", async () => {
  const oldKey = await makeTestKey("ES256");
  const newKey = await makeTestKey("ES256");
  await using jwks = await startJwksServer([oldKey.publicJwk!]);
  const verifier = createJwtVerifier({
    algorithms: ["ES256"],
    jwksUrl: jwks.url,
    jwksCooldownMs: 0,
  });
  await verifier.verify(await signTestToken(oldKey, { sub: "alice" }));
  jwks.setKeys([oldKey.publicJwk!, newKey.publicJwk!]);
  const claims = await verifier.verify(
    await signTestToken(newKey, { sub: "bob" }),
  );
  assertStrictEquals(claims.sub, "bob");
  assertStrictEquals(jwks.fetchCount, 2);
});

Deno.test("a kid unknown even after refetching is refused as bad_signature", async () => {
  const served = await makeTestKey("EdDSA");
  const stranger = await makeTestKey("EdDSA");
  await using jwks = await startJwksServer([served.publicJwk!]);
  const verifier = createJwtVerifier({
    algorithms: ["EdDSA"],
    jwksUrl: jwks.url,
    jwksCooldownMs: 0,
  });
  await assertRejects(
    verifier.verify(await signTestToken(stranger, { sub: "mallory" })),
    (error: unknown) =>
      error instanceof AuthError && error.code === "bad_signature",
  );
});

Deno.test("a JWKS endpoint that fails reads as keys_unavailable, not as a bad token", async () => {
  const key = await makeTestKey("RS256");
  await using jwks = await startJwksServer([key.publicJwk!]);
  jwks.failWith(503);
  const verifier = createJwtVerifier({
    algorithms: ["RS256"],
    jwksUrl: jwks.url,
  });
  await assertRejects(
    verifier.verify(await signTestToken(key, { sub: "alice" })),
    (error: unknown) =>
      error instanceof AuthError && error.code === "keys_unavailable",
  );
});
