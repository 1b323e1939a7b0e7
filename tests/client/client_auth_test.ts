import { ChatClient } from "../../protocol/gen/chat_client.ts";
import type { ClientError } from "@wiretype/wiretype/client";
import { assert, assertEquals } from "../_helpers/assert.ts";
import { startChatPeer, waitUntil } from "../_helpers/client_chat_peer.ts";
import { ManualClock } from "../_helpers/client_clock.ts";
import { closeOnDispose } from "../_helpers/disposable.ts";

const quickRetry = { initialDelayMs: 20, maxDelayMs: 20 };

Deno.test("a fresh ticket is fetched before every attempt and sent as ?ticket=", async () => {
  await using peer = await startChatPeer();
  let issued = 0;
  await using client = closeOnDispose(
    new ChatClient({
      url: peer.url,
      reconnect: quickRetry,
      ticket: () => Promise.resolve(`t${++issued}`),
    }),
  );
  client.connect();
  await waitUntil(() => client.state.kind === "open", "open");
  await peer.restart();
  await waitUntil(
    () => peer.connections === 2 && client.state.kind === "open",
    "the reopen",
  );
  // An attempt made while the peer was still down also fetched a ticket
  // (under load the 20 ms retry can beat the restart): the reopen must carry
  // the newest one, never one already sent.
  assertEquals(peer.tickets, ["t1", `t${issued}`]);
  assert(issued >= 2, `only ${issued} tickets issued`);
});

const FIRST_TICKET_FAILURES = [
  {
    name: "a ticket function that throws",
    first: () => Promise.reject(new Error("login server down")),
    message:
      "the ticket function failed: login server down (cause: Error: login server down)",
  },
  {
    // What `(await response.json()).ticket` gives for a 401's body.
    name: "a ticket function that gives no ticket (a refused ticket request)",
    first: () => Promise.resolve(undefined as unknown as string),
    message:
      "the ticket function returned undefined, not a ticket (did the request for it fail?)",
  },
];

for (const { name, first, message } of FIRST_TICKET_FAILURES) {
  Deno.test(`${name} is reported as ticket_failed and retried; nothing connects without a ticket`, async () => {
    await using peer = await startChatPeer();
    let calls = 0;
    await using client = closeOnDispose(
      new ChatClient({
        url: peer.url,
        reconnect: quickRetry,
        ticket: () => ++calls === 1 ? first() : Promise.resolve("ok"),
      }),
    );
    const errors: ClientError[] = [];
    client.onError((error) => errors.push(error));
    client.connect();
    await waitUntil(() => client.state.kind === "open", "open after the retry");
    assertEquals(
      errors.map((error) => [
        error.code,
        error.cause === undefined
          ? error.message
          : `${error.message} (cause: ${error.cause})`,
      ]),
      [["ticket_failed", message]],
    );
    assertEquals(peer.tickets, ["ok"]);
  });
}

Deno.test("with a token, the first frame is an auth message and messages wait for the welcome", async () => {
  await using peer = await startChatPeer({ acceptToken: "jwt" });
  await using client = closeOnDispose(
    new ChatClient({
      url: peer.url,
      token: () => Promise.resolve("jwt-1"),
    }),
  );
  client.join({ room: "general" });
  client.connect();
  await waitUntil(() => peer.received.length === 2, "auth and join");
  assertEquals(peer.received.map((frame) => frame.envelope), [
    { type: "auth", id: 1, data: { token: "jwt-1" } },
    { type: "join", data: { room: "general" } },
  ]);
  assertEquals(client.state.kind, "open");
});

Deno.test("a token is refreshed on the open connection before it expires", async () => {
  await using peer = await startChatPeer({
    acceptToken: "jwt",
    tokenLifetimeMs: 200_000,
  });
  const clock = new ManualClock();
  let issued = 0;
  await using client = closeOnDispose(
    new ChatClient({
      url: peer.url,
      timers: clock,
      serverSilenceMs: 1_000_000,
      token: () => Promise.resolve(`jwt-${++issued}`),
    }),
  );
  client.connect();
  await waitUntil(() => client.state.kind === "open", "open");
  await waitUntil(
    () =>
      clock.pendingDelaysMs.some((delayMs) =>
        delayMs > 160_000 && delayMs <= 170_000
      ),
    "the refresh timer",
  );
  // Refreshes 30 s before expiry: nothing at 160 s, the refresh by 170 s.
  clock.advance(160_000);
  assertEquals(issued, 1);
  clock.advance(10_000);
  await waitUntil(() => peer.received.length === 2, "the refresh");
  assertEquals(peer.received[1].envelope, {
    type: "auth",
    id: 2,
    data: { token: "jwt-2" },
  });
  assertEquals([client.state.kind, peer.connections], ["open", 1]);
});

Deno.test("a refresh whose token function gives no token is reported as token_failed and sends nothing", async () => {
  await using peer = await startChatPeer({
    acceptToken: "jwt",
    tokenLifetimeMs: 200_000,
  });
  const clock = new ManualClock();
  let issued = 0;
  await using client = closeOnDispose(
    new ChatClient({
      url: peer.url,
      timers: clock,
      serverSilenceMs: 1_000_000,
      token: () =>
        Promise.resolve(++issued === 1 ? "jwt-1" : "" as unknown as string),
    }),
  );
  const errors: ClientError[] = [];
  client.onError((error) => errors.push(error));
  client.connect();
  await waitUntil(() => client.state.kind === "open", "open");
  await waitUntil(
    () => clock.pendingDelaysMs.some((delayMs) => delayMs > 160_000),
    "the refresh timer",
  );
  clock.advance(170_000);
  await waitUntil(() => errors.length === 1, "the error");
  assertEquals([errors[0].code, errors[0].message], [
    "token_failed",
    'the token function returned "", not a token (did the request for it fail?) during a refresh',
  ]);
  assertEquals(peer.received.length, 1);
});

Deno.test("a refused token closes with 4401, is retried once, then the client stops", async () => {
  await using peer = await startChatPeer({ acceptToken: "valid" });
  let issued = 0;
  await using client = closeOnDispose(
    new ChatClient({
      url: peer.url,
      reconnect: quickRetry,
      token: () => Promise.resolve(`expired-${++issued}`),
    }),
  );
  client.connect();
  await waitUntil(() => client.state.kind === "closed", "closed");
  assertEquals(client.state, {
    kind: "closed",
    code: 4401,
    reason: "bad token",
  });
  assertEquals(issued, 2);
});
