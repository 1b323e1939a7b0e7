import { CloseCode } from "../../src/wire/close_codes.ts";
import { ErrorCode } from "../../src/wire/protocol_error.ts";
import {
  assert,
  assertEquals,
  assertStrictEquals,
} from "../_helpers/assert.ts";
import { type AuthServed, serveWithAuth } from "../_helpers/auth_served.ts";
import { makeTestKey, signTestToken } from "../_helpers/auth_tokens.ts";
import { openWsClient, type WsTestClient } from "../_helpers/ws_client.ts";
import {
  AdvancingClock,
  pingAfterClockMoved,
} from "../_helpers/server_clock.ts";

/** A short sweep, so deadlines and expiries are acted on within 100 ms. */
const FAST_SWEEP = {
  heartbeat: { pingIntervalMs: 100, pongTimeoutMs: 10_000 },
};

/** The close event, or a failure naming the wait if none comes in `timeoutMs`. */
async function closedWithin(
  client: WsTestClient,
  timeoutMs: number,
): Promise<CloseEvent> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`not closed within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([client.closed, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function withClient(
  body: (client: WsTestClient, app: AuthServed) => Promise<void>,
  options: Parameters<typeof serveWithAuth>[0] = {},
): Promise<void> {
  const app = await serveWithAuth(options);
  try {
    const client = await openWsClient(`${app.served.wsUrl}/chat`);
    try {
      await body(client, app);
    } finally {
      await client.close();
    }
  } finally {
    await app.close();
  }
}

Deno.test("first-message auth: a good token as first message opens the connection as its user", async () => {
  await withClient(async (client, app) => {
    client.send({
      type: "auth",
      id: 1,
      data: { token: await app.token("erin") },
    });
    assertStrictEquals((await client.next()).type, "welcome");
    const answer = await client.nextOfType("auth");
    assertEquals([answer.id, (answer.data as { userId: string }).userId], [
      1,
      "erin",
    ]);
    client.send({ type: "join", data: { room: "r" } });
    assertEquals((await client.nextOfType("joined")).data, {
      room: "r",
      user: "erin",
    });
  });
});

Deno.test("first-message auth: a first message that is not auth is refused and not handled", async () => {
  await withClient(async (client, app) => {
    client.send({ type: "join", data: { room: "r" } });
    const refused = await client.next();
    assertEquals(
      [refused.type, (refused.data as { code: string }).code],
      ["error", ErrorCode.Unauthenticated],
    );
    client.send({
      type: "auth",
      id: 2,
      data: { token: await app.token("fay") },
    });
    await client.nextOfType("welcome");
    const joinedBefore = client.received.some((frame) =>
      frame.type === "joined"
    );
    assert(!joinedBefore, "the join sent before auth must not have run");
  });
});

Deno.test("first-message auth: a forged token closes the connection with 4401", async () => {
  await withClient(async (client, app) => {
    const forged = await signTestToken(await makeTestKey("ES256"), {
      sub: "mallory",
    });
    client.send({ type: "auth", id: 1, data: { token: forged } });
    assertStrictEquals(
      (await closedWithin(client, 10_000)).code,
      CloseCode.Unauthenticated,
    );
    assertStrictEquals(
      app.served.server.stats().authFailures.bad_signature,
      1,
    );
  });
});

Deno.test("first-message auth: a connection silent past the deadline is reaped with 4408", async () => {
  await withClient(async (client) => {
    const startedMs = performance.now();
    const closed = await closedWithin(client, 10_000);
    assertStrictEquals(closed.code, CloseCode.AuthTimeout);
    assert(performance.now() - startedMs >= 250, "closed before the deadline");
  }, { firstMessage: { timeoutMs: 300 }, server: FAST_SWEEP });
});

Deno.test("a refresh before exp keeps the connection open past the first token's expiry", async () => {
  const clock = new AdvancingClock();
  await withClient(async (client, app) => {
    client.send({
      type: "auth",
      id: 1,
      data: { token: await app.token("ivy", 2) },
    });
    await client.nextOfType("auth");
    client.send({
      type: "auth",
      id: 2,
      data: { token: await app.token("ivy", 300) },
    });
    assertStrictEquals((await client.nextOfType("auth")).id, 2);
    clock.advance(3_000);
    await pingAfterClockMoved(client);
    client.send({ type: "history", id: 3, data: { room: "r" } });
    assertStrictEquals((await client.nextOfType("history")).id, 3);
  }, { server: FAST_SWEEP, clock });
});

Deno.test("a connection whose token expires without refresh is closed with 4401", async () => {
  const clock = new AdvancingClock();
  await withClient(async (client, app) => {
    client.send({
      type: "auth",
      id: 1,
      data: { token: await app.token("hal", 2) },
    });
    await client.nextOfType("auth");
    clock.advance(3_000);
    const closed = await closedWithin(client, 10_000);
    assertEquals([closed.code, closed.reason], [
      CloseCode.Unauthenticated,
      "token expired",
    ]);
  }, { server: FAST_SWEEP, clock });
});
