import type { Delivery, Fanout, FanoutReceiver } from "./fanout.ts";
import { createNodeId } from "./_node_id.ts";
import { PresenceTable } from "./presence_table.ts";
import {
  checkKnownKeys,
  checkName,
  checkObject,
  optionKeys,
} from "../_option_checks.ts";

/**
 * Settings of an {@link InProcessFanout}.
 *
 * @example Usage
 * ```ts
 * import { InProcessFanout } from "@wiretype/wiretype/fanout";
 *
 * const fanout = new InProcessFanout({ nodeId: "web-1" });
 * ```
 */
export interface InProcessFanoutOptions {
  /** This node's id, e.g. for logs. Default: a random id. */
  readonly nodeId?: string;
}

const OPTION_KEYS = optionKeys<InProcessFanoutOptions>({ nodeId: true });

/**
 * The default fan-out, for a server that runs in one isolate: the server
 * already delivers to every local connection itself, so publishing costs
 * nothing and presence is the local table.
 *
 * @example Usage
 * ```ts
 * import { InProcessFanout } from "@wiretype/wiretype/fanout";
 * const fanout = new InProcessFanout();
 * await fanout.start({ deliver: () => {} });
 * fanout.presence.add("/chat", "general", { connectionId: "c1", nodeId: fanout.nodeId });
 * fanout.presence.members("/chat", "general").length; // 1
 * await fanout.close();
 * ```
 */
export class InProcessFanout implements Fanout {
  /** This node's id. */
  readonly nodeId: string;
  /** Room membership of this isolate. */
  readonly presence: PresenceTable;
  #receiver: FanoutReceiver | undefined;

  /** Creates a fan-out for a single isolate. */
  constructor(options: InProcessFanoutOptions = {}) {
    checkObject("InProcessFanout", "options", options);
    checkKnownKeys("InProcessFanout", "", options, OPTION_KEYS);
    this.nodeId = options.nodeId === undefined
      ? createNodeId()
      : checkName("InProcessFanout", "nodeId", options.nodeId);
    this.presence = new PresenceTable(this.nodeId, {
      onChange: (route, room) => this.#receiver?.presenceChanged?.(route, room),
    });
  }

  /** Nothing to receive from other nodes: only presence changes are reported. */
  start(receiver: FanoutReceiver): Promise<void> {
    this.#receiver = receiver;
    return Promise.resolve();
  }

  /** Does nothing: every receiver is local and already served by the server. */
  publish(_delivery: Delivery): void {}

  /** Stops reporting presence changes. */
  close(): Promise<void> {
    this.#receiver = undefined;
    return Promise.resolve();
  }
}
