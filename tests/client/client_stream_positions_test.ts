/**
 * The client's stream positions during one connection (docs/PROTOCOL.md,
 * "Streams and recovery"), against a real peer: duplicates, gaps, new
 * epochs and `position` frames.
 */
import { ChatClient } from "../../protocol/gen/chat_client.ts";
import type { ChatMessage } from "../../protocol/gen/chat_protocol.ts";
import type { ClientError, RecoveryResult } from "@wiretype/wiretype/client";
import { assertEquals } from "../_helpers/assert.ts";
import { nextValue, recordValues } from "../_helpers/client_events.ts";
import {
  startStreamPeer,
  type StreamPeer,
} from "../_helpers/client_stream_peer.ts";
import { closeOnDispose } from "../_helpers/disposable.ts";

/**
 * A client of `peer` that joined `general` and got its position frame;
 * `await using` closes it.
 */
async function joinedClient(
  peer: StreamPeer,
): Promise<ChatClient & AsyncDisposable> {
  const client = closeOnDispose(new ChatClient({ url: peer.url }));
  client.connect();
  client.join({ room: "general" });
  try {
    // The peer answers the join with the position frame, before anything else.
    await peer.frame((frame) => frame.envelope.type === "join", "join");
  } catch (error) {
    await client.close();
    throw error;
  }
  return client;
}

function texts(messages: readonly ChatMessage[]): string[] {
  return messages.map((message) => message.text);
}

Deno.test("a publication received twice reaches the listeners once and is counted as a duplicate", async () => {
  await using peer = await startStreamPeer();
  await using client = await joinedClient(peer);
  const messages = recordValues<ChatMessage>((fn) => client.on("message", fn));
  peer.publish("general", "a");
  peer.resend("general", 1);
  peer.publish("general", "b");
  await messages.reach(2, "two messages");
  assertEquals(texts(messages.values), ["a", "b"]);
  assertEquals(client.streamStats, {
    streams: 1,
    duplicatesDropped: 1,
    gapsDetected: 0,
  });
});

Deno.test("a position frame reaches no listener and is no error", async () => {
  await using peer = await startStreamPeer();
  const errors: ClientError[] = [];
  await using client = closeOnDispose(new ChatClient({ url: peer.url }));
  client.onError((error) => errors.push(error));
  const messages = recordValues<ChatMessage>((fn) => client.on("message", fn));
  client.connect();
  client.join({ room: "general" });
  await peer.frame((frame) => frame.envelope.type === "join", "join");
  peer.publish("general", "after the position");
  await messages.reach(1, "the message");
  assertEquals(texts(messages.values), ["after the position"]);
  assertEquals(errors, []);
  assertEquals(client.streamStats.streams, 1);
});

Deno.test("a gap sends recover from the last position, and the missing publications reach the listeners in order", async () => {
  await using peer = await startStreamPeer();
  await using client = await joinedClient(peer);
  const messages = recordValues<ChatMessage>((fn) => client.on("message", fn));
  const recovery = nextValue<RecoveryResult>(
    (fn) => client.onRecovery(fn),
    "the gap's recovery",
  );
  peer.publish("general", "a");
  peer.publish("general", "lost on the way", false);
  peer.publish("general", "c");
  const request = await peer.frame(
    (frame) => frame.envelope.type === "recover",
    "recover",
  );
  assertEquals(request.envelope.data, {
    streams: { "room:general": { offset: 1, epoch: peer.epoch("general") } },
  });
  assertEquals(await recovery, {
    reason: "gap",
    recovered: true,
    streams: { "room:general": { recovered: true } },
  });
  await messages.reach(3, "three messages");
  assertEquals(texts(messages.values), ["a", "lost on the way", "c"]);
});

Deno.test("while a gap's recovery is pending, a later publication is held back instead of asking again", async () => {
  await using peer = await startStreamPeer();
  await using client = await joinedClient(peer);
  const messages = recordValues<ChatMessage>((fn) => client.on("message", fn));
  const recovery = nextValue((fn) => client.onRecovery(fn), "the recovery");
  peer.publish("general", "a");
  peer.publish("general", "b", false);
  peer.publish("general", "c"); // the gap
  peer.publish("general", "d"); // arrives before the answer
  await recovery;
  await messages.reach(4, "four messages");
  peer.publish("general", "e");
  await messages.reach(5, "five messages");
  assertEquals(texts(messages.values), ["a", "b", "c", "d", "e"]);
  const recovers = peer.received.filter((frame) =>
    frame.envelope.type === "recover"
  );
  assertEquals(recovers.length, 1);
  assertEquals(client.streamStats.gapsDetected, 1);
});

Deno.test("a publication of a new epoch is delivered and its stream reported as not recovered", async () => {
  await using peer = await startStreamPeer();
  await using client = await joinedClient(peer);
  const messages = recordValues<ChatMessage>((fn) => client.on("message", fn));
  const recovery = nextValue((fn) => client.onRecovery(fn), "the report");
  peer.publish("general", "a");
  peer.loseHistory("general");
  peer.publish("general", "first of the new epoch");
  peer.publish("general", "second of the new epoch");
  assertEquals(await recovery, {
    reason: "new_epoch",
    recovered: false,
    streams: { "room:general": { recovered: false, why: "history_lost" } },
  });
  await messages.reach(3, "three messages");
  assertEquals(texts(messages.values), [
    "a",
    "first of the new epoch",
    "second of the new epoch",
  ]);
  // The open state is about reconnects; this connection did not drop.
  assertEquals(client.state, { kind: "open", connectionId: "c1" });
});

Deno.test("a position frame marked skipped uses its offset, so the next publication is no gap", async () => {
  await using peer = await startStreamPeer();
  await using client = await joinedClient(peer);
  const messages = recordValues<ChatMessage>((fn) => client.on("message", fn));
  peer.publish("general", "a");
  peer.skip("general", "said by this client, sent to the others");
  peer.publish("general", "c");
  await messages.reach(2, "two messages");
  assertEquals(texts(messages.values), ["a", "c"]);
  assertEquals(client.streamStats.gapsDetected, 0);
});
