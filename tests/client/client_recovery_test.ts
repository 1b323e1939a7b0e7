/**
 * Recovery after a reconnect (docs/PROTOCOL.md, "Streams and recovery"),
 * against a real peer: what the client sends, what reaches its listeners,
 * and how the outcome is reported (`onRecovery`, the open state).
 */
import { ChatClient } from "../../protocol/gen/chat_client.ts";
import type { ChatMessage } from "../../protocol/gen/chat_protocol.ts";
import type {
  ClientError,
  ConnectionState,
  RecoveryResult,
  UnrecoveredReason,
} from "@wiretype/wiretype/client";
import { assertEquals, assertNotEquals } from "../_helpers/assert.ts";
import {
  nextValue,
  type Recording,
  recordValues,
} from "../_helpers/client_events.ts";
import {
  startStreamPeer,
  type StreamPeer,
  type StreamPeerFrame,
} from "../_helpers/client_stream_peer.ts";

const fastReconnect = { initialDelayMs: 20, maxDelayMs: 50 };

/** A stream peer and a client connected to it, recording what reaches it; disposing closes both. */
interface Session extends AsyncDisposable {
  readonly peer: StreamPeer;
  readonly client: ChatClient;
  readonly messages: Recording<ChatMessage>;
  readonly states: Recording<ConnectionState>;
}

async function startSession(
  options: { rpcTimeoutMs?: number } = {},
): Promise<Session> {
  const peer = await startStreamPeer();
  const client = new ChatClient({
    url: peer.url,
    reconnect: fastReconnect,
    ...options,
  });
  const messages = recordValues<ChatMessage>((fn) => client.on("message", fn));
  const states = recordValues<ConnectionState>((fn) => client.onState(fn));
  client.connect();
  return {
    peer,
    client,
    messages,
    states,
    async [Symbol.asyncDispose]() {
      await client.close();
      await peer.stop();
    },
  };
}

/**
 * Joins "general" on the first connection and waits until "before" has
 * reached the client: the stream now has a position to recover from.
 */
async function receiveFirstMessage(
  { peer, client, messages }: Session,
): Promise<void> {
  client.join({ room: "general" });
  await frameOf(peer, 1, "join");
  peer.publish("general", "before");
  await messages.reach(1, "the first message");
}

function nextRecovery(client: ChatClient): Promise<RecoveryResult> {
  return nextValue<RecoveryResult>(
    (fn) => client.onRecovery(fn),
    "the recovery",
  );
}

/**
 * Publishes a message the client misses, lets `prepare` set the peer up for
 * the reconnect, drops every connection and asserts that the reconnect
 * reports room:general as not recovered, for `why`.
 */
async function assertReconnectNotRecovered(
  { peer, client }: Session,
  prepare: (peer: StreamPeer) => void,
  why: UnrecoveredReason,
): Promise<void> {
  const recovery = nextRecovery(client);
  peer.publish("general", "missed", false);
  prepare(peer);
  await peer.closeAll();
  assertEquals(await recovery, {
    reason: "reconnect",
    recovered: false,
    streams: { "room:general": { recovered: false, why } },
  });
}

function texts(messages: readonly ChatMessage[]): string[] {
  return messages.map((message) => message.text);
}

/** Resolves with the next frame of `type` the peer receives on connection `connection`. */
function frameOf(
  peer: StreamPeer,
  connection: number,
  type: string,
): Promise<StreamPeerFrame> {
  return peer.frame(
    (frame) => frame.connection === connection && frame.envelope.type === type,
    `${type} on connection ${connection}`,
  );
}

/** What connection `connection` sent, by type, in order. */
function typesSent(peer: StreamPeer, connection: number): string[] {
  return peer.received.filter((frame) => frame.connection === connection)
    .map((frame) => frame.envelope.type);
}

Deno.test("after a reconnect the client re-sends its @replay messages, then one recover with the last position of every stream", async () => {
  await using session = await startSession();
  const { peer, client, messages } = session;
  client.join({ room: "general" });
  client.join({ room: "random" });
  await peer.frame(
    ({ envelope }) =>
      envelope.type === "join" &&
      (envelope.data as { room: string }).room === "random",
    "the second join",
  );
  peer.publish("general", "g1");
  peer.publish("general", "g2");
  peer.publish("random", "r1");
  await messages.reach(3, "three messages");
  await peer.closeAll();
  const request = await frameOf(peer, 2, "recover");
  assertEquals(typesSent(peer, 2), ["join", "join", "recover"]);
  assertEquals(request.envelope.data, {
    streams: {
      "room:general": { offset: 2, epoch: peer.epoch("general") },
      "room:random": { offset: 1, epoch: peer.epoch("random") },
    },
  });
});

Deno.test("publications missed while disconnected reach the listeners in order after the reconnect, and the recovery is reported in the event and the open state", async () => {
  await using session = await startSession();
  const { peer, client, messages, states } = session;
  await receiveFirstMessage(session);
  const recovery = nextRecovery(client);
  // Published but never delivered on this connection: missed.
  peer.publish("general", "missed 1", false);
  peer.publish("general", "missed 2", false);
  await peer.closeAll();
  // The replayed join earns a position frame at offset 3 before the
  // recover is handled; the client must not take it and skip 2 and 3.
  assertEquals(await recovery, {
    reason: "reconnect",
    recovered: true,
    streams: { "room:general": { recovered: true } },
  });
  await messages.reach(3, "the missed messages");
  assertEquals(texts(messages.values), ["before", "missed 1", "missed 2"]);
  assertEquals(client.state, {
    kind: "open",
    connectionId: "c2",
    recovered: true,
  });
  const opens = states.values.filter((state) => state.kind === "open");
  assertEquals(opens, [
    { kind: "open", connectionId: "c1" },
    { kind: "open", connectionId: "c2" },
    { kind: "open", connectionId: "c2", recovered: true },
  ]);
});

Deno.test("a stream whose history was lost while disconnected is reported as not recovered, and goes on from the server's position", async () => {
  await using session = await startSession();
  const { peer, client, messages } = session;
  await receiveFirstMessage(session);
  await assertReconnectNotRecovered(
    session,
    (peer) => peer.loseHistory("general"),
    "history_lost",
  );
  assertEquals(client.state, {
    kind: "open",
    connectionId: "c2",
    recovered: false,
  });
  peer.publish("general", "first of the new epoch");
  await messages.reach(2, "the message after");
  assertEquals(texts(messages.values), ["before", "first of the new epoch"]);
});

Deno.test("a reconnect with no position to present sends no recover and is reported as not recovered", async () => {
  await using session = await startSession();
  const { peer, client } = session;
  await nextValue<ConnectionState>(
    (fn) => client.onState(fn),
    "open",
    (state) => state.kind === "open",
  );
  const recovery = nextRecovery(client);
  await peer.closeAll();
  assertEquals(await recovery, {
    reason: "reconnect",
    recovered: false,
    streams: {},
  });
  assertEquals(client.state, {
    kind: "open",
    connectionId: "c2",
    recovered: false,
  });
  client.typing({ room: "general", active: true });
  await frameOf(peer, 2, "typing");
  assertEquals(typesSent(peer, 2), ["typing"]);
});

Deno.test("close() forgets the positions: connecting again is a new session that sends no recover", async () => {
  await using session = await startSession();
  const { peer, client } = session;
  await receiveFirstMessage(session);
  await client.close();
  assertEquals(client.streamStats.streams, 0);
  client.connect();
  client.join({ room: "general" });
  await frameOf(peer, 2, "join");
  client.typing({ room: "general", active: true });
  await frameOf(peer, 2, "typing");
  assertEquals(typesSent(peer, 2), ["join", "typing"]);
  assertEquals(client.state, { kind: "open", connectionId: "c2" });
});

Deno.test("the recover request never takes the id of an RPC, and both are answered", async () => {
  await using session = await startSession();
  const { peer, client } = session;
  await receiveFirstMessage(session);
  const reconnecting = nextValue<ConnectionState>(
    (fn) => client.onState(fn),
    "reconnecting",
    (state) => state.kind === "reconnecting",
  );
  const recovery = nextRecovery(client);
  await peer.closeAll();
  await reconnecting;
  // Queued while disconnected; it goes out after the recover.
  const history = client.history({ room: "general" });
  assertEquals((await recovery).recovered, true);
  assertEquals(texts((await history).messages), ["before"]);
  const recover = await frameOf(peer, 2, "recover");
  const rpc = await frameOf(peer, 2, "history");
  assertEquals(typesSent(peer, 2), ["join", "recover", "history"]);
  assertNotEquals(recover.envelope.id, rpc.envelope.id);
});

Deno.test("a recover the server refuses is reported as an error and as not recovered, and the stream starts again at its next publication", async () => {
  await using session = await startSession();
  const { peer, client, messages } = session;
  const errors = recordValues<ClientError>((fn) => client.onError(fn));
  await receiveFirstMessage(session);
  await assertReconnectNotRecovered(
    session,
    (peer) => peer.refuseRecover = true,
    "refused",
  );
  await errors.reach(1, "the error");
  assertEquals(errors.values[0].code, "server_error");
  assertEquals(
    errors.values[0].message,
    "the server could not recover room:general (unknown_type: Chat keeps no history: there is nothing to recover); they are reported as not recovered",
  );
  peer.publish("general", "after");
  await messages.reach(2, "the message after");
  assertEquals(texts(messages.values), ["before", "after"]);
});

Deno.test("a server that gives no reason for a stream it did not recover is reported as why: unknown", async () => {
  await using session = await startSession();
  await receiveFirstMessage(session);
  await assertReconnectNotRecovered(session, (peer) => {
    peer.omitReasons = true;
    peer.loseHistory("general");
  }, "unknown");
});

Deno.test("a recover the server never answers is reported as not recovered, why no_answer, after rpcTimeoutMs", async () => {
  await using session = await startSession({ rpcTimeoutMs: 200 });
  const errors = recordValues<ClientError>((fn) => session.client.onError(fn));
  await receiveFirstMessage(session);
  await assertReconnectNotRecovered(
    session,
    (peer) => peer.ignoreRecover = true,
    "no_answer",
  );
  await errors.reach(1, "the error");
  assertEquals(errors.values[0].code, "rpc_timeout");
});
