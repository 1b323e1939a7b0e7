import type { AuthenticatorOptions } from "../../src/auth/authenticator_options.ts";
import {
  type Authenticator,
  createAuthenticator,
  type UpgradeDecision,
} from "../../src/auth/authenticator.ts";
import {
  createJwtVerifier,
  type TokenVerifier,
} from "../../src/auth/jwt_verifier.ts";
import { newTicket, type TicketStore } from "../../src/auth/ticket_store.ts";
import { assertEquals, assertStrictEquals } from "../_helpers/assert.ts";
import {
  makeTestKey,
  signTestToken,
  type TestKey,
} from "../_helpers/auth_tokens.ts";
import { AdvancingClock, withClock } from "../_helpers/server_clock.ts";
import { assertOptionError } from "../_helpers/option_error.ts";

async function setup(
  options: Omit<AuthenticatorOptions, "verifier"> = {},
): Promise<{ auth: Authenticator; key: TestKey }> {
  const key = await makeTestKey("HS256");
  const auth = createAuthenticator({
    verifier: createJwtVerifier({ algorithms: ["HS256"], key: key.verifyKey }),
    ...options,
  });
  return { auth, key };
}

/** A verifier for tests that build the authenticator themselves. */
async function testVerifier(): Promise<TokenVerifier> {
  const key = await makeTestKey("HS256");
  return createJwtVerifier({ algorithms: ["HS256"], key: key.verifyKey });
}

async function issue(
  auth: Authenticator,
  key: TestKey,
  sub: string,
  { route, origin }: { route?: string; origin?: string } = {},
): Promise<string> {
  const query = route === undefined ? "" : `?route=${route}`;
  const response = await auth.handleTicketRequest(
    new Request(`http://127.0.0.1/auth/ticket${query}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${await signTestToken(key, { sub })}`,
        ...(origin === undefined ? {} : { origin }),
      },
    }),
  );
  return (await response.json()).ticket;
}

function upgrade(
  auth: Authenticator,
  path: string,
  headers: Record<string, string> = {},
): Promise<UpgradeDecision> {
  const url = new URL(path, "http://127.0.0.1");
  return auth.authenticateUpgrade(
    new Request(url, { headers }),
    url.pathname,
  );
}

function reasonOf(decision: UpgradeDecision): string {
  return decision.kind === "rejected"
    ? `${decision.status} ${decision.reason}`
    : decision.kind;
}

Deno.test("a ticket authenticates one upgrade as its user; a second use is unknown_ticket", async () => {
  const { auth, key } = await setup();
  const ticket = await issue(auth, key, "alice");
  const first = await upgrade(auth, `/chat?ticket=${ticket}`);
  assertStrictEquals(
    first.kind === "authenticated" && first.claims.sub,
    "alice",
  );
  assertStrictEquals(
    reasonOf(await upgrade(auth, `/chat?ticket=${ticket}`)),
    "401 unknown_ticket",
  );
});

Deno.test("a ticket used after its lifetime is refused as expired_ticket", async () => {
  const clock = new AdvancingClock();
  const { auth, key } = await setup(
    withClock({ tickets: { ttlMs: 50 } }, clock),
  );
  const ticket = await issue(auth, key, "alice");
  clock.advance(50);
  assertStrictEquals(
    reasonOf(await upgrade(auth, `/chat?ticket=${ticket}`)),
    "401 expired_ticket",
  );
});

Deno.test("a ticket bound to one route is refused on another, and is spent", async () => {
  const { auth, key } = await setup({ tickets: { bindRoute: true } });
  const ticket = await issue(auth, key, "alice", { route: "/chat" });
  assertStrictEquals(
    reasonOf(await upgrade(auth, `/admin?ticket=${ticket}`)),
    "401 ticket_mismatch",
  );
  assertStrictEquals(
    reasonOf(await upgrade(auth, `/chat?ticket=${ticket}`)),
    "401 unknown_ticket",
  );
});

Deno.test("a ticket bound to an origin is refused from another origin", async () => {
  const { auth, key } = await setup({ tickets: { bindOrigin: true } });
  const good = await issue(auth, key, "alice", { origin: "https://app.test" });
  const stolen = await issue(auth, key, "bob", { origin: "https://app.test" });
  assertStrictEquals(
    reasonOf(
      await upgrade(auth, `/chat?ticket=${good}`, {
        origin: "https://app.test",
      }),
    ),
    "authenticated",
  );
  assertStrictEquals(
    reasonOf(
      await upgrade(auth, `/chat?ticket=${stolen}`, {
        origin: "https://evil.test",
      }),
    ),
    "401 ticket_mismatch",
  );
});

Deno.test("a ticket that was never issued is refused as unknown_ticket", async () => {
  const { auth } = await setup();
  for (const ticket of [newTicket(), "short", "../../x"]) {
    assertStrictEquals(
      reasonOf(await upgrade(auth, `/chat?ticket=${ticket}`)),
      "401 unknown_ticket",
    );
  }
});

Deno.test("without credentials the upgrade waits for first-message auth when that flow is on", async () => {
  const { auth } = await setup();
  assertStrictEquals(reasonOf(await upgrade(auth, "/chat")), "pending");
  assertStrictEquals(auth.firstMessageTimeoutMs, 10_000);
});

Deno.test("without credentials the upgrade is refused as missing when first-message auth is off", async () => {
  const { auth } = await setup({ firstMessage: false });
  assertStrictEquals(reasonOf(await upgrade(auth, "/chat")), "401 missing");
  assertStrictEquals(auth.firstMessageTimeoutMs, undefined);
});

Deno.test("a bearer header on the upgrade authenticates clients that can set headers", async () => {
  const { auth, key } = await setup();
  const token = await signTestToken(key, { sub: "cli" });
  const decision = await upgrade(auth, "/chat", {
    authorization: `Bearer ${token}`,
  });
  assertStrictEquals(
    decision.kind === "authenticated" && decision.claims.sub,
    "cli",
  );
});

Deno.test("an expired bearer header on the upgrade is refused with its reason", async () => {
  const { auth, key } = await setup();
  const token = await signTestToken(key, { sub: "cli" }, {
    expiresInSeconds: -120,
  });
  assertStrictEquals(
    reasonOf(
      await upgrade(auth, "/chat", { authorization: `Bearer ${token}` }),
    ),
    "401 expired",
  );
});

Deno.test("verifyToken returns the claims of a good token", async () => {
  const { auth, key } = await setup();
  const claims = await auth.verifyToken(
    await signTestToken(key, { sub: "alice", role: "admin" }),
  );
  assertEquals([claims.sub, claims.role], ["alice", "admin"]);
});

Deno.test("an authenticator timeout out of range is a RangeError naming the option", async () => {
  const verifier = await testVerifier();
  assertOptionError(
    () => createAuthenticator({ verifier, tickets: { ttlMs: -1 } }),
    RangeError,
    "createAuthenticator: tickets.ttlMs must be a positive integer, got -1",
  );
  assertOptionError(
    () => createAuthenticator({ verifier, firstMessage: { timeoutMs: 0 } }),
    RangeError,
    "createAuthenticator: firstMessage.timeoutMs must be a positive integer, got 0",
  );
});

Deno.test("an authenticator option of the wrong kind is a TypeError naming the option", async () => {
  const verifier = await testVerifier();
  assertOptionError(
    () => createAuthenticator({ verifier, tickets: { path: "auth" } }),
    TypeError,
    'createAuthenticator: tickets.path must be a path starting with "/", got "auth"',
  );
  assertOptionError(
    () => createAuthenticator({} as AuthenticatorOptions),
    TypeError,
    "createAuthenticator: verifier must be a TokenVerifier",
  );
  assertOptionError(
    () =>
      createAuthenticator({
        verifier,
        tickets: { store: {} as TicketStore },
      }),
    TypeError,
    "createAuthenticator: tickets.store must be a TicketStore",
  );
  assertOptionError(
    () =>
      createAuthenticator({
        verifier,
        tickets: { bindRoute: "yes" as unknown as boolean },
      }),
    TypeError,
    'createAuthenticator: tickets.bindRoute must be true or false, got "yes"',
  );
  assertOptionError(
    () =>
      createAuthenticator({
        verifier,
        firstMessage: 5 as unknown as false,
      }),
    TypeError,
    "createAuthenticator: firstMessage must be an object or false, got 5",
  );
});

Deno.test("verifier options passed where the verifier belongs are named by their keys, never their secret", () => {
  const secret = "a secret of at least 32 bytes!!!";
  assertOptionError(
    () =>
      createAuthenticator({
        verifier: { algorithms: ["HS256"], key: secret },
      } as unknown as AuthenticatorOptions),
    TypeError,
    "createAuthenticator: verifier must be a TokenVerifier, e.g. createJwtVerifier(...), got an object with algorithms, key",
  );
  // The whole message, whatever its wording, must not carry the secret.
  assertOptionError(
    () =>
      createAuthenticator({
        verifier: { key: secret },
      } as unknown as AuthenticatorOptions),
    TypeError,
    /^(?![\s\S]*a secret of at least)/,
  );
});

Deno.test("a misspelled authenticator option is a TypeError suggesting the option", async () => {
  const verifier = await testVerifier();
  assertOptionError(
    () =>
      createAuthenticator({
        verifier,
        ticket: { ttlMs: 5_000 },
      } as AuthenticatorOptions),
    TypeError,
    "createAuthenticator: ticket is not an option (did you mean tickets?); known options: verifier, tickets, firstMessage",
  );
});

Deno.test("a misspelled ticket or first-message option is a TypeError suggesting the option", async () => {
  const verifier = await testVerifier();
  assertOptionError(
    () =>
      createAuthenticator({
        verifier,
        tickets: { ttl: 5_000 } as AuthenticatorOptions["tickets"],
      }),
    TypeError,
    "createAuthenticator: tickets.ttl is not an option (did you mean tickets.ttlMs?); known options: store, path, ttlMs, bindRoute, bindOrigin",
  );
  assertOptionError(
    () =>
      createAuthenticator({
        verifier,
        firstMessage: { timeout: 5_000 } as AuthenticatorOptions[
          "firstMessage"
        ],
      }),
    TypeError,
    "createAuthenticator: firstMessage.timeout is not an option (did you mean firstMessage.timeoutMs?); known options: timeoutMs",
  );
});
