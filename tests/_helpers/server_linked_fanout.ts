/**
 * Two fan-outs wired to each other in memory, so two wiretype servers in one
 * test behave as two nodes: what one publishes, the other delivers (a turn
 * later, as over a network), and every publication is recorded.
 *
 * @module
 */
import type {
  Delivery,
  Fanout,
  FanoutReceiver,
} from "../../src/fanout/fanout.ts";
import { PresenceTable } from "../../src/fanout/presence_table.ts";

/** One side of a {@link linkedFanouts} pair. */
export interface LinkedFanout extends Fanout {
  /** Everything this node published, in order. */
  readonly published: Delivery[];
}

/**
 * Makes a pair of linked fan-outs, one per server.
 *
 * @example
 * ```ts
 * const [a, b] = linkedFanouts();
 * const nodeA = await serveForTest({ routes: [routeA], fanout: a });
 * const nodeB = await serveForTest({ routes: [routeB], fanout: b });
 * ```
 */
export function linkedFanouts(): [LinkedFanout, LinkedFanout] {
  const receivers = new Map<string, FanoutReceiver>();
  const make = (nodeId: string, peerId: string): LinkedFanout => ({
    nodeId,
    presence: new PresenceTable(nodeId),
    published: [],
    start(receiver) {
      receivers.set(nodeId, receiver);
      return Promise.resolve();
    },
    publish(delivery) {
      this.published.push(delivery);
      queueMicrotask(() => receivers.get(peerId)?.deliver(delivery));
    },
    close() {
      receivers.delete(nodeId);
      return Promise.resolve();
    },
  });
  return [make("node-a", "node-b"), make("node-b", "node-a")];
}
