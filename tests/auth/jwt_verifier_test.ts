import { base64url, exportSPKI, SignJWT, UnsecuredJWT } from "jose";
import { AuthError, type AuthErrorCode } from "../../src/auth/auth_error.ts";
import type { JwtAlgorithm } from "../../src/auth/jwt_keys.ts";
import {
  createJwtVerifier,
  type TokenVerifier,
} from "../../src/auth/jwt_verifier.ts";
import {
  assertEquals,
  assertRejects,
  assertStrictEquals,
} from "../_helpers/assert.ts";
import {
  makeTestKey,
  signTestToken,
  type TestKey,
} from "../_helpers/auth_tokens.ts";
import { assertOptionError } from "../_helpers/option_error.ts";

const FAMILIES: readonly JwtAlgorithm[] = [
  "HS256",
  "HS384",
  "HS512",
  "RS256",
  "ES256",
  "EdDSA",
];

function verifierFor(key: TestKey, extra: object = {}): TokenVerifier {
  return createJwtVerifier({
    algorithms: [key.alg],
    key: key.verifyKey,
    issuer: "https://issuer.test/",
    audience: "chat",
    ...extra,
  });
}

async function refusal(
  verifier: TokenVerifier,
  token: string,
): Promise<AuthErrorCode> {
  let code: AuthErrorCode | undefined;
  await assertRejects(verifier.verify(token), (error: unknown) => {
    if (!(error instanceof AuthError)) return false;
    code = error.code;
    return true;
  });
  return code!;
}

const GOOD_CLAIMS = {
  sub: "alice",
  iss: "https://issuer.test/",
  aud: "chat",
  role: "admin",
};

for (const alg of FAMILIES) {
  Deno.test(`a ${alg} token signed with the right key yields its claims`, async () => {
    const key = await makeTestKey(alg);
    const claims = await verifierFor(key).verify(
      await signTestToken(key, GOOD_CLAIMS),
    );
    assertStrictEquals(claims.sub, "alice");
    assertStrictEquals(claims.role, "admin");
  });

  Deno.test(`a ${alg} token signed with another key is refused as bad_signature`, async () => {
    const key = await makeTestKey(alg);
    const impostor = await makeTestKey(alg);
    const token = await signTestToken(impostor, GOOD_CLAIMS);
    assertStrictEquals(await refusal(verifierFor(key), token), "bad_signature");
  });
}

Deno.test("an unsigned alg:none token is refused as algorithm_not_allowed", async () => {
  const key = await makeTestKey("HS256");
  const token = new UnsecuredJWT(GOOD_CLAIMS).setExpirationTime("5m").encode();
  assertStrictEquals(
    await refusal(verifierFor(key), token),
    "algorithm_not_allowed",
  );
});

Deno.test("an HS256 token keyed with the RSA public key is refused (HS/RS confusion)", async () => {
  const key = await makeTestKey("RS256");
  const publicPem = await exportSPKI(key.verifyKey as CryptoKey);
  const forged = await new SignJWT(GOOD_CLAIMS)
    .setProtectedHeader({ alg: "HS256", kid: key.kid })
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode(publicPem));
  assertStrictEquals(
    await refusal(verifierFor(key), forged),
    "algorithm_not_allowed",
  );
});

Deno.test("a token signed with an algorithm that is not pinned is refused as algorithm_not_allowed", async () => {
  const key = await makeTestKey("HS512");
  const verifier = createJwtVerifier({
    algorithms: ["HS256"],
    key: new Uint8Array([...key.verifyKey as Uint8Array].slice(0, 32)),
  });
  const token = await signTestToken(key, { sub: "alice" });
  assertStrictEquals(await refusal(verifier, token), "algorithm_not_allowed");
});

Deno.test("an expired token is refused as expired", async () => {
  const key = await makeTestKey("ES256");
  const token = await signTestToken(key, GOOD_CLAIMS, {
    expiresInSeconds: -60,
  });
  assertStrictEquals(await refusal(verifierFor(key), token), "expired");
});

Deno.test("a token expired within the clock tolerance is still accepted", async () => {
  const key = await makeTestKey("ES256");
  const token = await signTestToken(key, GOOD_CLAIMS, {
    expiresInSeconds: -30,
  });
  const verifier = verifierFor(key, { clockToleranceSeconds: 120 });
  assertStrictEquals((await verifier.verify(token)).sub, "alice");
});

Deno.test("a token whose nbf lies in the future is refused as not_yet_valid", async () => {
  const key = await makeTestKey("EdDSA");
  const nbf = Math.floor(Date.now() / 1000) + 600;
  const token = await signTestToken(key, { ...GOOD_CLAIMS, nbf });
  assertStrictEquals(await refusal(verifierFor(key), token), "not_yet_valid");
});

Deno.test("a token from another issuer is refused as wrong_issuer", async () => {
  const key = await makeTestKey("RS256");
  const token = await signTestToken(key, {
    ...GOOD_CLAIMS,
    iss: "https://evil.test/",
  });
  assertStrictEquals(await refusal(verifierFor(key), token), "wrong_issuer");
});

Deno.test("a token for another audience is refused as wrong_audience", async () => {
  const key = await makeTestKey("RS256");
  const token = await signTestToken(key, { ...GOOD_CLAIMS, aud: "billing" });
  assertStrictEquals(await refusal(verifierFor(key), token), "wrong_audience");
});

Deno.test("a token without sub is refused as bad_claims", async () => {
  const key = await makeTestKey("HS256");
  const { sub: _sub, ...withoutSub } = GOOD_CLAIMS;
  const token = await signTestToken(key, withoutSub);
  assertStrictEquals(await refusal(verifierFor(key), token), "bad_claims");
});

Deno.test("a token whose sub is not a string is refused as bad_claims", async () => {
  const key = await makeTestKey("HS256");
  const token = await signTestToken(key, { ...GOOD_CLAIMS, sub: 42 } as never);
  assertStrictEquals(await refusal(verifierFor(key), token), "bad_claims");
});

Deno.test("a token without exp is refused unless requireExpiry is false", async () => {
  const key = await makeTestKey("HS256");
  const token = await signTestToken(key, GOOD_CLAIMS, { withoutExpiry: true });
  assertStrictEquals(await refusal(verifierFor(key), token), "bad_claims");
  const lenient = verifierFor(key, { requireExpiry: false });
  assertStrictEquals((await lenient.verify(token)).sub, "alice");
});

Deno.test("a string that is not a JWT is refused as malformed", async () => {
  const key = await makeTestKey("HS256");
  assertStrictEquals(await refusal(verifierFor(key), "not.a.jwt"), "malformed");
});

Deno.test("an empty token is refused as missing", async () => {
  const key = await makeTestKey("HS256");
  assertStrictEquals(await refusal(verifierFor(key), ""), "missing");
});

Deno.test("a local JWK set picks the key named by the token's kid", async () => {
  const first = await makeTestKey("ES256");
  const second = await makeTestKey("RS256");
  const verifier = createJwtVerifier({
    algorithms: ["ES256", "RS256"],
    jwks: { keys: [first.publicJwk!, second.publicJwk!] },
  });
  const claims = await verifier.verify(
    await signTestToken(second, { sub: "bob" }),
  );
  assertStrictEquals(claims.sub, "bob");
});

Deno.test("a public JWK given as the key verifies tokens", async () => {
  const key = await makeTestKey("EdDSA");
  const verifier = createJwtVerifier({
    algorithms: ["EdDSA"],
    key: key.publicJwk!,
  });
  const claims = await verifier.verify(await signTestToken(key, { sub: "c" }));
  assertEquals(claims.sub, "c");
});

Deno.test("a secret is imported once per algorithm, not once per token", async () => {
  // jose imports secret bytes on every verification, and each imported key
  // holds native memory until V8's next full collection (see
  // src/auth/_secret_keys.ts): count the imports the verifier makes.
  const hs384 = await makeTestKey("HS384");
  const hs256: TestKey = { ...hs384, alg: "HS256" };
  const secret = hs384.verifyKey as Uint8Array;
  const verifier = createJwtVerifier({
    algorithms: ["HS256", "HS384"],
    key: secret,
  });
  const tokens = await Promise.all(
    Array.from(
      { length: 30 },
      (_, i) => signTestToken(i % 3 === 0 ? hs384 : hs256, { sub: `u${i}` }),
    ),
  );
  const subtle = crypto.subtle;
  const importKey = subtle.importKey;
  let imports = 0;
  subtle.importKey = function (...args: Parameters<typeof importKey>) {
    imports++;
    return importKey.apply(subtle, args);
  } as typeof importKey;
  try {
    for (const [i, token] of tokens.entries()) {
      assertEquals((await verifier.verify(token)).sub, `u${i}`);
    }
  } finally {
    subtle.importKey = importKey;
  }
  assertEquals(imports, 2);
  // The verifier kept its own copy: changing the caller's bytes changes nothing.
  secret.fill(0);
  assertEquals((await verifier.verify(tokens[1])).sub, "u1");
});

Deno.test("an oct JWK given as the key verifies tokens; one whose k is not base64url cannot be created", async () => {
  const key = await makeTestKey("HS512");
  const verifier = createJwtVerifier({
    algorithms: ["HS512"],
    key: { kty: "oct", k: base64url.encode(key.verifyKey as Uint8Array) },
  });
  const claims = await verifier.verify(await signTestToken(key, { sub: "d" }));
  assertEquals(claims.sub, "d");
  assertEquals(
    await refusal(
      verifier,
      await signTestToken(await makeTestKey("HS512"), { sub: "d" }),
    ),
    "bad_signature",
  );
  assertOptionError(
    () =>
      createJwtVerifier({
        algorithms: ["HS512"],
        key: { kty: "oct", k: "%%" },
      }),
    TypeError,
    "createJwtVerifier: key is an oct JWK whose k is not base64url",
  );
  assertOptionError(
    () => createJwtVerifier({ algorithms: ["HS256"], key: { kty: "oct" } }),
    TypeError,
    "createJwtVerifier: key is an oct JWK without k",
  );
  // An oct JWK is held to the same length as secret bytes: "short" is 5.
  assertOptionError(
    () =>
      createJwtVerifier({
        algorithms: ["HS256"],
        key: { kty: "oct", k: "c2hvcnQ" },
      }),
    TypeError,
    "createJwtVerifier: key must be at least 32 bytes long for HS256 (RFC 7518), got 5",
  );
});

Deno.test("a verifier without pinned algorithms cannot be created", () => {
  assertOptionError(
    () => createJwtVerifier({ algorithms: [], key: "x".repeat(32) }),
    TypeError,
    "createJwtVerifier: algorithms is required",
  );
});

Deno.test("a verifier with an algorithm it does not support cannot be created", () => {
  assertOptionError(
    () =>
      createJwtVerifier({
        algorithms: ["none" as JwtAlgorithm],
        key: "x".repeat(32),
      }),
    TypeError,
    "createJwtVerifier: algorithms must hold only HS256",
  );
});

Deno.test("a secret key with an RS algorithm cannot be created (no confusion)", () => {
  assertOptionError(
    () => createJwtVerifier({ algorithms: ["RS256"], key: "x".repeat(32) }),
    TypeError,
    "createJwtVerifier: key is a secret",
  );
});

Deno.test("a public key with an HS algorithm cannot be created (no confusion)", async () => {
  const key = await makeTestKey("RS256");
  assertOptionError(
    () => createJwtVerifier({ algorithms: ["HS256"], key: key.verifyKey }),
    TypeError,
    "does not match the algorithms",
  );
});

Deno.test("a secret shorter than 32 bytes cannot be created", () => {
  assertOptionError(
    () => createJwtVerifier({ algorithms: ["HS256"], key: "short" }),
    TypeError,
    "at least 32 bytes",
  );
});

Deno.test("a verifier whose key reads an unset environment variable says so", () => {
  assertOptionError(
    () =>
      createJwtVerifier({
        algorithms: ["HS256"],
        key: Deno.env.get("WIRETYPE_TEST_VARIABLE_THAT_IS_NOT_SET"),
      }),
    TypeError,
    "key is undefined (is the environment variable it reads set?)",
  );
});

Deno.test("a verifier with two key sources cannot be created", async () => {
  const key = await makeTestKey("ES256");
  assertOptionError(
    () =>
      createJwtVerifier({
        algorithms: ["ES256"],
        key: key.verifyKey,
        jwks: { keys: [key.publicJwk!] },
      }),
    TypeError,
    "exactly one of key, jwks and jwksUrl",
  );
});

Deno.test("a verifier with a negative duration or a bad JWKS URL cannot be created", () => {
  const remote = {
    algorithms: ["RS256"],
    jwksUrl: "https://id.test/jwks",
  } as const;
  assertOptionError(
    () => createJwtVerifier({ ...remote, clockToleranceSeconds: -1 }),
    RangeError,
    "createJwtVerifier: clockToleranceSeconds must be a number >= 0, got -1",
  );
  assertOptionError(
    () => createJwtVerifier({ ...remote, jwksCooldownMs: -5 }),
    RangeError,
    "jwksCooldownMs",
  );
  assertOptionError(
    () => createJwtVerifier({ ...remote, jwksTimeoutMs: 1.5 }),
    RangeError,
    "jwksTimeoutMs must be an integer >= 0, got 1.5",
  );
  assertOptionError(
    () => createJwtVerifier({ ...remote, jwksUrl: "not a url" }),
    TypeError,
    "createJwtVerifier: jwksUrl must be a URL",
  );
  assertOptionError(
    () => createJwtVerifier({ algorithms: ["RS256"], jwks: 42 as never }),
    TypeError,
    "createJwtVerifier: jwks must be a JSON Web Key Set",
  );
});

Deno.test("a misspelled verifier option is a TypeError suggesting the option, not a verifier that skips the check", () => {
  assertOptionError(
    () =>
      createJwtVerifier(
        {
          algorithms: ["HS256"],
          key: "x".repeat(32),
          isuer: "https://id.example.com/",
        } as Parameters<typeof createJwtVerifier>[0],
      ),
    TypeError,
    "createJwtVerifier: isuer is not an option (did you mean issuer?); known options: algorithms, key, jwks, jwksUrl, jwksCooldownMs, jwksCacheMaxAgeMs, jwksTimeoutMs, issuer, audience, clockToleranceSeconds, requireExpiry",
  );
});

Deno.test("a secret must be as long as the strictest pinned algorithm's hash (RFC 7518)", () => {
  assertOptionError(
    () => createJwtVerifier({ algorithms: ["HS512"], key: "x".repeat(37) }),
    TypeError,
    "createJwtVerifier: key must be at least 64 bytes long for HS512 (RFC 7518), got 37",
  );
  assertOptionError(
    () =>
      createJwtVerifier({
        algorithms: ["HS256", "HS384"],
        key: new Uint8Array(32),
      }),
    TypeError,
    "at least 48 bytes long for HS384 (RFC 7518), got 32",
  );
  createJwtVerifier({ algorithms: ["HS512"], key: "x".repeat(64) });
});

Deno.test("algorithms given as a string, not an array, says so", () => {
  assertOptionError(
    () =>
      createJwtVerifier({
        algorithms: "HS256" as unknown as ["HS256"],
        key: "x".repeat(32),
      }),
    TypeError,
    'createJwtVerifier: algorithms must be an array, e.g. ["HS256"] or ["RS256"], got "HS256"',
  );
});
