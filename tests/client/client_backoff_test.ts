import { ChatClient } from "../../protocol/gen/chat_client.ts";
import type { ConnectionState } from "@wiretype/wiretype/client";
import { assert, assertEquals } from "../_helpers/assert.ts";
import { startChatPeer, waitUntil } from "../_helpers/client_chat_peer.ts";
import { ManualClock } from "../_helpers/client_clock.ts";
import { closeOnDispose } from "../_helpers/disposable.ts";

const reconnect = { initialDelayMs: 100, factor: 2, maxDelayMs: 1_000 };

/** A port with nothing listening: every attempt fails fast with 1006. */
async function deadUrl(): Promise<string> {
  const peer = await startChatPeer();
  await peer.stop();
  return peer.url;
}

/** Lets the client fail `attempts` times, advancing the manual clock past each delay. */
async function failAttempts(
  client: ChatClient,
  clock: ManualClock,
  attempts: number,
): Promise<ConnectionState[]> {
  const retries: ConnectionState[] = [];
  client.onState((state) => {
    if (state.kind === "reconnecting") retries.push(state);
  });
  client.connect();
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await waitUntil(
      () => retries.length === attempt,
      `reconnect attempt ${attempt}`,
    );
    const state = retries[attempt - 1];
    if (state.kind === "reconnecting") clock.advance(state.nextRetryMs);
  }
  return retries;
}

Deno.test("reconnect delays stay below initialDelayMs times factor per attempt, capped at maxDelayMs", async () => {
  const clock = new ManualClock();
  await using client = closeOnDispose(
    new ChatClient({
      url: await deadUrl(),
      reconnect,
      timers: clock,
      random: () => 0.999,
    }),
  );
  const retries = await failAttempts(client, clock, 6);
  assertEquals(
    retries.map((state) => state.kind === "reconnecting" && state.nextRetryMs),
    [99, 199, 399, 799, 999, 999],
  );
});

Deno.test("full jitter draws each delay from zero up to the attempt's bound", async () => {
  const clock = new ManualClock();
  const draws = [0, 0.5, 0.25, 0.75];
  await using client = closeOnDispose(
    new ChatClient({
      url: await deadUrl(),
      reconnect,
      timers: clock,
      random: () => draws.shift() ?? 0,
    }),
  );
  const retries = await failAttempts(client, clock, 4);
  assertEquals(
    retries.map((state) => state.kind === "reconnecting" && state.nextRetryMs),
    [0, 100, 100, 600],
  );
});

Deno.test("with the real clock and random, delays fall within the configured bounds", async () => {
  await using client = closeOnDispose(
    new ChatClient({ url: await deadUrl(), reconnect }),
  );
  const started: number[] = [];
  const delays: number[] = [];
  client.onState((state) => {
    if (state.kind === "connecting") started.push(performance.now());
    if (state.kind === "reconnecting") delays.push(state.nextRetryMs);
  });
  client.connect();
  await waitUntil(() => started.length === 5, "five attempts");
  for (const [index, delayMs] of delays.slice(0, 4).entries()) {
    const boundMs = Math.min(
      reconnect.maxDelayMs,
      reconnect.initialDelayMs * 2 ** index,
    );
    assert(
      delayMs >= 0 && delayMs < boundMs,
      `delay ${delayMs} of attempt ${index + 1} outside [0, ${boundMs})`,
    );
    // The next attempt starts no earlier than its delay (timers never fire early).
    assert(started[index + 1] - started[index] >= delayMs - 5);
  }
});

Deno.test("after maxAttempts failed attempts the client gives up and says so", async () => {
  const clock = new ManualClock();
  await using client = closeOnDispose(
    new ChatClient({
      url: await deadUrl(),
      reconnect: { ...reconnect, maxAttempts: 2 },
      timers: clock,
    }),
  );
  await failAttempts(client, clock, 2);
  await waitUntil(() => client.state.kind === "closed", "the closed state");
  const state = client.state;
  assert(state.kind === "closed");
  assertEquals(state.code, 1006);
  assertEquals(
    state.reason.startsWith("gave up after 2 reconnect attempts"),
    true,
  );
  assertEquals(clock.pendingDelaysMs, []);
});

Deno.test("retryNow starts the pending attempt without waiting for its delay", async () => {
  await using peer = await startChatPeer();
  const clock = new ManualClock();
  await using client = closeOnDispose(
    new ChatClient({
      url: peer.url,
      reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
      timers: clock,
      random: () => 0.5,
    }),
  );
  client.connect();
  await waitUntil(() => client.state.kind === "open", "open");
  await peer.closeAll(1001, "restarting");
  await waitUntil(() => client.state.kind === "reconnecting", "reconnecting");
  assertEquals(client.state, {
    kind: "reconnecting",
    attempt: 1,
    nextRetryMs: 30_000,
    code: 1001,
    reason: "restarting",
  });
  client.retryNow();
  await waitUntil(() => client.state.kind === "open", "the reopen");
  assertEquals(peer.connections, 2);
});
