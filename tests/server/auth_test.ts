// What the server does with an authenticated user: route authorize hooks,
// public routes, per-user connection limits and token refresh for another
// user. How a connection authenticates (ticket or first message) is tested in
// tests/auth/server_ticket_flow_test.ts and server_first_message_test.ts.
import { assertEquals } from "../_helpers/assert.ts";
import { serveForTest, type TestServer } from "../_helpers/server_harness.ts";
import { testChatRoute } from "../_helpers/server_chat.ts";
import {
  createTestAuth,
  fetchTicket,
  type TestAuth,
  type TestAuthOptions,
} from "../_helpers/server_authenticator.ts";
import { openWsClient } from "../_helpers/ws_client.ts";
import { upgradeStatus } from "../_helpers/ws_raw.ts";
import { CloseCode } from "../../src/wire/close_codes.ts";
import { versionSubprotocol } from "../../src/wire/version.ts";
import { chatProtocolInfo } from "../../protocol/gen/chat_protocol.ts";
import { ErrorCode } from "../../src/wire/protocol_error.ts";
import type { ServerOptions } from "@wiretype/wiretype/server";

/** The test chat route behind the test authenticator; `auth` makes credentials. */
async function serveWithTestAuth(
  options: Partial<ServerOptions> = {},
  authOptions: TestAuthOptions = {},
): Promise<TestServer & { readonly auth: TestAuth }> {
  const auth = await createTestAuth(authOptions);
  const served = await serveForTest({
    routes: [testChatRoute()],
    auth: auth.authenticator,
    ...options,
  });
  return Object.assign(served, { auth });
}

Deno.test("without a ticket, a server without first-message auth answers 401", async () => {
  await using served = await serveWithTestAuth({}, { firstMessage: false });
  assertEquals(await upgradeStatus(served.port, "/chat"), 401);
  assertEquals(served.server.stats().authFailures.missing, 1);
});

Deno.test("a route's authorize hook refuses a user with 403 before the upgrade", async () => {
  await using served = await serveWithTestAuth({
    routes: [testChatRoute({ auth: (claims) => claims.role === "admin" })],
  });
  const { auth } = served;
  const userTicket = await fetchTicket(served.httpUrl, await auth.token("bob"));
  assertEquals(
    await upgradeStatus(served.port, `/chat?ticket=${userTicket}`),
    403,
  );
  const adminTicket = await fetchTicket(
    served.httpUrl,
    await auth.token("ann", 300, { role: "admin" }),
  );
  assertEquals(
    await upgradeStatus(served.port, `/chat?ticket=${adminTicket}`),
    101,
  );
  assertEquals(served.server.stats().authFailures.forbidden, 1);
});

Deno.test("a public route on a server with auth opens without credentials", async () => {
  await using served = await serveWithTestAuth(
    { routes: [testChatRoute({ auth: "public" })] },
    { firstMessage: false },
  );
  await using client = await openWsClient(`${served.wsUrl}/chat`);
  await client.nextOfType("welcome");
});

Deno.test("connections beyond maxConnectionsPerUser are refused with 429", async () => {
  await using served = await serveWithTestAuth({
    limits: { maxConnectionsPerUser: 1 },
  });
  const { auth } = served;
  const token = await auth.token("carol");
  await using first = await openWsClient(
    `${served.wsUrl}/chat?ticket=${await fetchTicket(served.httpUrl, token)}`,
  );
  await first.nextOfType("welcome");
  const second = await fetchTicket(served.httpUrl, token);
  assertEquals(
    await upgradeStatus(served.port, `/chat?ticket=${second}`),
    429,
  );
  const other = await fetchTicket(served.httpUrl, await auth.token("dave"));
  assertEquals(await upgradeStatus(served.port, `/chat?ticket=${other}`), 101);
});

Deno.test("a generated client refused by the authorize hook is told over the socket: upgraded, then closed with 4403", async () => {
  await using served = await serveWithTestAuth({
    routes: [testChatRoute({ auth: (claims) => claims.role === "admin" })],
  });
  const ticket = await fetchTicket(
    served.httpUrl,
    await served.auth.token("bob"),
  );
  await using client = await openWsClient(
    `${served.wsUrl}/chat?ticket=${ticket}`,
    versionSubprotocol(chatProtocolInfo.version),
  );
  const closed = await client.closed;
  assertEquals([closed.code, closed.reason], [
    CloseCode.Forbidden,
    "forbidden",
  ]);
  assertEquals(client.received, []);
  assertEquals(served.server.stats().rejectedConnections.forbidden, 1);
});

Deno.test("after first-message auth, a refused authorize hook closes with 4403", async () => {
  await using served = await serveWithTestAuth({
    routes: [testChatRoute({ auth: () => false })],
  });
  await using client = await openWsClient(`${served.wsUrl}/chat`);
  client.send({
    type: "auth",
    id: 1,
    data: { token: await served.auth.token("gus") },
  });
  const error = await client.next();
  assertEquals((error.data as { code: string }).code, ErrorCode.Forbidden);
  assertEquals((await client.closed).code, CloseCode.Forbidden);
});

Deno.test("a refresh token for another user closes the connection with 4401", async () => {
  await using served = await serveWithTestAuth();
  const { auth } = served;
  await using client = await openWsClient(`${served.wsUrl}/chat`);
  client.send({
    type: "auth",
    id: 1,
    data: { token: await auth.token("jan") },
  });
  await client.nextOfType("auth");
  client.send({
    type: "auth",
    id: 2,
    data: { token: await auth.token("kim") },
  });
  const closed = await client.closed;
  assertEquals([closed.code, closed.reason], [
    CloseCode.Unauthenticated,
    "token subject changed",
  ]);
  assertEquals(served.server.stats().authFailures.subject_changed, 1);
});

Deno.test("a first-message login past maxConnectionsPerUser is closed with 1008", async () => {
  await using served = await serveWithTestAuth({
    limits: { maxConnectionsPerUser: 1 },
  });
  const token = await served.auth.token("olga");
  await using first = await openWsClient(
    `${served.wsUrl}/chat?ticket=${await fetchTicket(served.httpUrl, token)}`,
  );
  await using second = await openWsClient(`${served.wsUrl}/chat`);
  await first.nextOfType("welcome");
  second.send({ type: "auth", id: 1, data: { token } });
  const closed = await second.closed;
  assertEquals([closed.code, closed.reason], [
    CloseCode.PolicyViolation,
    "too many connections for this user",
  ]);
  assertEquals(
    served.server.stats().rejectedConnections.too_many_connections_per_user,
    1,
  );
});
