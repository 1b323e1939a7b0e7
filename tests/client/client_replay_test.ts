import { chatProtocolInfo } from "../../protocol/gen/chat_protocol.ts";
import {
  type ClientOptions,
  type ClientProtocol,
  WiretypeClient,
} from "@wiretype/wiretype/codegen-runtime";
import { assertEquals } from "../_helpers/assert.ts";
import {
  type ChatPeer,
  startChatPeer,
  waitUntil,
} from "../_helpers/client_chat_peer.ts";

/** A protocol whose replayed message has two fields, served by the chat peer (which records unknown types). */
const feedProtocol: ClientProtocol = {
  name: "Feed",
  path: "/feed",
  version: chatProtocolInfo.version,
  events: {},
  results: {},
  replay: ["subscribe"],
  forgets: { unsubscribe: "subscribe" },
};

class FeedClient extends WiretypeClient<Record<string, never>> {
  constructor(options: ClientOptions) {
    super(feedProtocol, options);
  }
  subscribe(data: { topic: string; filter: string }): void {
    this.sendMessage("subscribe", data);
  }
  unsubscribe(data: { topic: string; filter: string }): void {
    this.sendMessage("unsubscribe", data);
  }
}

async function framesAfterRestart(
  peer: ChatPeer,
  client: FeedClient,
  sent: number,
  expected: number,
) {
  await waitUntil(() => peer.received.length === sent, `${sent} frames`);
  await peer.restart();
  await waitUntil(
    () => peer.connections === 2 && client.state.kind === "open",
    "the reopen",
  );
  await waitUntil(
    () =>
      peer.received.filter((frame) => frame.connection === 2).length ===
        expected,
    `${expected} replayed frames`,
  );
  return peer.received.filter((frame) => frame.connection === 2).map((frame) =>
    frame.envelope
  );
}

/**
 * A chat peer and a FeedClient connected to it that subscribed to a/x, then
 * b/y; disposing closes both.
 */
async function subscribedFeed(): Promise<
  { peer: ChatPeer; client: FeedClient } & AsyncDisposable
> {
  const peer = await startChatPeer();
  const client = new FeedClient({
    url: peer.url,
    reconnect: { initialDelayMs: 20 },
  });
  client.connect();
  client.subscribe({ topic: "a", filter: "x" });
  client.subscribe({ topic: "b", filter: "y" });
  return {
    peer,
    client,
    async [Symbol.asyncDispose]() {
      await client.close();
      await peer.stop();
    },
  };
}

Deno.test("a forgetting message un-remembers the replayed one with equal data, whatever its key order", async () => {
  await using feed = await subscribedFeed();
  const { peer, client } = feed;
  client.unsubscribe({ filter: "x", topic: "a" });
  client.unsubscribe({ topic: "b", filter: "other" });
  assertEquals(await framesAfterRestart(peer, client, 4, 1), [
    { type: "subscribe", data: { topic: "b", filter: "y" } },
  ]);
});

Deno.test("a replayed message sent twice is replayed once, in the order first sent", async () => {
  await using feed = await subscribedFeed();
  const { peer, client } = feed;
  client.subscribe({ filter: "x", topic: "a" });
  assertEquals(await framesAfterRestart(peer, client, 3, 2), [
    { type: "subscribe", data: { topic: "a", filter: "x" } },
    { type: "subscribe", data: { topic: "b", filter: "y" } },
  ]);
});
