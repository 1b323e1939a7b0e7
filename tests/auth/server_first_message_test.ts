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

/** The chat route behind first-message auth, and a client connected to it without credentials. */
async function serveAndConnect(
  options: Parameters<typeof serveWithAuth>[0] = {},
): Promise<{ app: AuthServed; client: WsTestClient } & AsyncDisposable> {
  const app = await serveWithAuth(options);
  try {
    const client = await openWsClient(`${app.served.wsUrl}/chat`);
    return {
      app,
      client,
      async [Symbol.asyncDispose]() {
        await client.close();
        await app.close();
      },
    };
  } catch (error) {
    await app.close();
    throw error;
  }
}

/** Sends the `auth` message that authenticates (or refreshes) with `token`. */
function sendAuth(client: WsTestClient, id: number, token: string): void {
  client.send({ type: "auth", id, data: { token } });
}

Deno.test("first-message auth: a good token as first message opens the connection as its user, welcome then the answer", async () => {
  await using connected = await serveAndConnect();
  const { app, client } = connected;
  sendAuth(client, 1, await app.token("erin", 120));
  assertStrictEquals((await client.next()).type, "welcome");
  const answer = await client.next();
  assertEquals([answer.type, answer.id], ["auth", 1]);
  const { userId, expiresAt } = answer.data as {
    userId: string;
    expiresAt: string;
  };
  assertStrictEquals(userId, "erin");
  assert(
    Math.abs(Date.parse(expiresAt) - (Date.now() + 120_000)) < 5_000,
    `expiresAt ${expiresAt} is not the token's exp`,
  );
  client.send({ type: "join", data: { room: "r" } });
  assertEquals((await client.nextOfType("joined")).data, {
    room: "r",
    user: "erin",
  });
});

Deno.test("first-message auth: messages before auth get an unauthenticated error and are not handled", async () => {
  await using connected = await serveAndConnect();
  const { app, client } = connected;
  client.send({ type: "join", data: { room: "r" } });
  client.send({ type: "history", id: 5, data: { room: "r" } });
  for (const id of [undefined, 5]) {
    const refused = await client.next();
    assertEquals(
      [refused.type, refused.id, (refused.data as { code: string }).code],
      ["error", id, ErrorCode.Unauthenticated],
    );
  }
  sendAuth(client, 6, await app.token("fay"));
  await client.nextOfType("welcome");
  const handled = client.received.filter((frame) =>
    frame.type === "joined" || frame.type === "history"
  );
  assertEquals(handled, [], "messages sent before auth must not have run");
});

Deno.test("first-message auth: a forged token gets an error, then the connection closes with 4401", async () => {
  await using connected = await serveAndConnect();
  const { app, client } = connected;
  const forged = await signTestToken(await makeTestKey("ES256"), {
    sub: "mallory",
  });
  sendAuth(client, 1, forged);
  const error = await client.next();
  assertEquals([error.type, error.id], ["error", 1]);
  assertStrictEquals(
    (await closedWithin(client, 10_000)).code,
    CloseCode.Unauthenticated,
  );
  assertStrictEquals(app.served.server.stats().authFailures.bad_signature, 1);
});

Deno.test("first-message auth: a connection silent past the deadline is reaped with 4408", async () => {
  await using connected = await serveAndConnect({
    firstMessage: { timeoutMs: 300 },
    server: FAST_SWEEP,
  });
  const startedMs = performance.now();
  const closed = await closedWithin(connected.client, 10_000);
  assertStrictEquals(closed.code, CloseCode.AuthTimeout);
  assert(performance.now() - startedMs >= 250, "closed before the deadline");
});

Deno.test("a refresh before exp keeps the connection open past the first token's expiry", async () => {
  const clock = new AdvancingClock();
  await using connected = await serveAndConnect({ server: FAST_SWEEP, clock });
  const { app, client } = connected;
  sendAuth(client, 1, await app.token("ivy", 2));
  await client.nextOfType("auth");
  sendAuth(client, 2, await app.token("ivy", 300));
  assertStrictEquals((await client.nextOfType("auth")).id, 2);
  clock.advance(3_000);
  await pingAfterClockMoved(client);
  client.send({ type: "history", id: 3, data: { room: "r" } });
  assertStrictEquals((await client.nextOfType("history")).id, 3);
});

Deno.test("a connection whose token expires without refresh is closed with 4401, whether it came with a ticket or a first message", async () => {
  const clock = new AdvancingClock();
  await using connected = await serveAndConnect({ server: FAST_SWEEP, clock });
  const { app, client } = connected;
  sendAuth(client, 1, await app.token("hal", 2));
  await client.nextOfType("auth");
  // The ticket carries the token's expiry to the connection it opens.
  const ticket = await app.requestTicket(await app.token("ida", 2));
  await using ticketed = await openWsClient(
    `${app.served.wsUrl}/chat?ticket=${(await ticket.json()).ticket}`,
  );
  await ticketed.nextOfType("welcome");
  clock.advance(3_000);
  for (const expiring of [client, ticketed]) {
    const closed = await closedWithin(expiring, 10_000);
    assertEquals([closed.code, closed.reason], [
      CloseCode.Unauthenticated,
      "token expired",
    ]);
  }
  assertStrictEquals(app.served.server.stats().authFailures.expired, 2);
});
