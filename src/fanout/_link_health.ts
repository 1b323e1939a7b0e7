import type { FanoutLogger } from "./fanout_logger.ts";
import { SequenceGaps } from "./_sequence_gaps.ts";

/**
 * The health of a fan-out's link to the other nodes: outages, recoveries
 * and messages lost, counted and logged once each (not once per reconnect
 * attempt or per missing message).
 */
export class LinkHealth {
  /** Times the transport went down. */
  outages = 0;
  /** Times it came back. */
  recoveries = 0;
  /** Messages from other nodes that never arrived. */
  messagesLost = 0;
  /** Of those, the deliveries. */
  deliveriesLost = 0;
  readonly #nodeId: string;
  readonly #transportName: string;
  readonly #logger: FanoutLogger;
  readonly #gaps = new SequenceGaps();
  readonly #deliveryGaps = new SequenceGaps();
  #outageStartedMs: number | undefined;
  #lossLogged = 0;

  constructor(nodeId: string, transportName: string, logger: FanoutLogger) {
    this.#nodeId = nodeId;
    this.#transportName = transportName;
    this.#logger = logger;
  }

  /** The transport lost its connection; only the first report of an outage counts. */
  down(error: unknown): void {
    if (this.#outageStartedMs !== undefined) return;
    this.#outageStartedMs = performance.now();
    this.outages++;
    this.#logger.log({
      kind: "fanout_outage",
      nodeId: this.#nodeId,
      transport: this.#transportName,
      error,
    });
  }

  /** The transport is connected; true if that ends an outage. */
  up(publishesDropped: number): boolean {
    if (this.#outageStartedMs === undefined) return false;
    const outageMs = performance.now() - this.#outageStartedMs;
    this.#outageStartedMs = undefined;
    this.recoveries++;
    this.#logger.log({
      kind: "fanout_recovered",
      nodeId: this.#nodeId,
      transport: this.#transportName,
      outageMs,
      publishesDropped,
    });
    return true;
  }

  /** Counts the messages missing before `seq` from `origin`. */
  observe(origin: string, seq: number): void {
    this.messagesLost += this.#gaps.observe(origin, seq);
  }

  /** Counts the deliveries missing before delivery number `deliverySeq` from `origin`. */
  observeDelivery(origin: string, deliverySeq: number): void {
    this.deliveriesLost += this.#deliveryGaps.observe(origin, deliverySeq);
  }

  /** Forgets the sequences of a node that left or fell silent. */
  forget(origin: string): void {
    this.#gaps.forget(origin);
    this.#deliveryGaps.forget(origin);
  }

  /** Logs the messages lost since the last report, if any; called once per heartbeat. */
  reportLosses(): void {
    const count = this.messagesLost - this.#lossLogged;
    if (count === 0) return;
    this.#lossLogged = this.messagesLost;
    this.#logger.log({
      kind: "fanout_messages_lost",
      nodeId: this.#nodeId,
      count,
    });
  }
}
