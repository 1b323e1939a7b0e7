/**
 * A {@link FanoutTransport} between fan-outs in one test, in memory, that
 * can lose chosen messages: the faults of a real broker (a lagging
 * BroadcastChannel receiver, a Redis blip) made deterministic, so a test
 * can show what the cluster logic does about one lost message.
 *
 * @module
 */
import type {
  FanoutTransport,
  TransportHandlers,
  TransportStats,
} from "../../src/fanout/fanout_transport.ts";

/** The nodes one set of {@link MemoryTransport}s connects. */
export type MemoryNetwork = Set<MemoryTransport>;

/**
 * One node's side: everything sent reaches every open transport of the
 * network (the sender too, as Redis echoes), in order, a microtask later.
 *
 * @example
 * ```ts
 * const network: MemoryNetwork = new Set();
 * const transport = new MemoryTransport(network);
 * transport.lose = (text) => text.includes('"kind":"join"');
 * const fanout = new ClusterFanout(transport, { nodeId: "a" });
 * ```
 */
export class MemoryTransport implements FanoutTransport {
  readonly name = "memory";
  /** Every message this node sent, lost ones included. */
  readonly sent: string[] = [];
  /** Messages this returns true for are lost on the way (and not counted). */
  lose: (text: string) => boolean = () => false;
  readonly #network: MemoryNetwork;
  #handlers: TransportHandlers | undefined;

  constructor(network: MemoryNetwork) {
    this.#network = network;
  }

  open(handlers: TransportHandlers): Promise<void> {
    this.#handlers = handlers;
    this.#network.add(this);
    return Promise.resolve();
  }

  send(text: string): void {
    this.sent.push(text);
    if (this.lose(text)) return;
    for (const receiver of this.#network) {
      queueMicrotask(() => receiver.#handlers?.message(text));
    }
  }

  close(): Promise<void> {
    this.#network.delete(this);
    this.#handlers = undefined;
    return Promise.resolve();
  }

  stats(): TransportStats {
    return { connected: true, publishesDropped: 0 };
  }
}
