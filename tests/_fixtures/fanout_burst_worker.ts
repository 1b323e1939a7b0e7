/**
 * A worker that joins a BroadcastChannelFanout as its own node (another
 * isolate, as a `deno serve --parallel` worker is), publishes a burst of
 * `count` deliveries in one turn, closes, and answers "done".
 *
 * @module
 */
import { BroadcastChannelFanout } from "../../src/fanout/broadcast_channel_fanout.ts";

interface BurstRequest {
  readonly channel: string;
  readonly count: number;
}

self.onmessage = async (event: MessageEvent<BurstRequest>) => {
  const { channel, count } = event.data;
  const fanout = new BroadcastChannelFanout({
    channel,
    nodeId: "burst-worker",
    logger: { log() {} },
  });
  await fanout.start({ deliver() {} });
  for (let i = 0; i < count; i++) {
    fanout.publish({
      route: "/chat",
      target: { kind: "all" },
      payload: String(i),
    });
  }
  await fanout.close();
  self.postMessage("done");
};
