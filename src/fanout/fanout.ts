/**
 * Who a delivery is for, within one route. Connection ids and user ids are
 * global, so a target names the same receivers on every node.
 */
export type DeliveryTarget =
  | { readonly kind: "connection"; readonly connectionId: string }
  | { readonly kind: "user"; readonly userId: string }
  | {
    readonly kind: "room";
    readonly room: string;
    /** Leave this connection out (the sender of a room message). */
    readonly exceptConnectionId?: string;
  }
  | { readonly kind: "all" };

/**
 * One message for the receivers named by `target` on route `route`. The
 * payload is the already serialised envelope: serialised once, sent to every
 * receiver as the same string.
 *
 * @example Usage
 * ```ts
 * import type { Delivery } from "@wiretype/wiretype/fanout";
 *
 * const delivery: Delivery = {
 *   route: "/chat",
 *   target: { kind: "room", room: "general" },
 *   payload: '{"type":"joined","data":{"room":"general","user":"bob"}}',
 * };
 * ```
 */
export interface Delivery {
  /** The route path, e.g. `/chat`. */
  readonly route: string;
  /** Who receives it. */
  readonly target: DeliveryTarget;
  /** The serialised envelope. */
  readonly payload: string;
  /** On a route with history: the stream and offset the payload carries. */
  readonly position?: DeliveryPosition;
}

/**
 * Where a delivery stands in its stream (the payload says it too): lets a
 * node hold it back for a connection that is catching up on that stream.
 *
 * @example Usage
 * ```ts
 * import type { DeliveryPosition } from "@wiretype/wiretype/fanout";
 * const position: DeliveryPosition = { stream: "room:general", offset: 18 };
 * ```
 */
export interface DeliveryPosition {
  /** `room:<room>` or `user:<userId>`. */
  readonly stream: string;
  /** Its offset in the stream. */
  readonly offset: number;
}

/** A connection in a room, as presence reports it. */
export interface PresenceMember {
  /** The connection's id (global). */
  readonly connectionId: string;
  /** The user (`sub`) of the connection, if authenticated. */
  readonly userId?: string;
  /** The node the connection lives on. */
  readonly nodeId: string;
}

/**
 * Room membership across every node. The server adds and removes its own
 * connections; implementations that span nodes replicate the changes and
 * drop the members of a node that stopped sending heartbeats.
 *
 * @example Usage
 * ```ts
 * import { InProcessFanout, type Presence } from "@wiretype/wiretype/fanout";
 *
 * const fanout = new InProcessFanout();
 * await fanout.start({ deliver: () => {} });
 * const presence: Presence = fanout.presence;
 * presence.add("/chat", "general", { connectionId: "c1", userId: "alice", nodeId: fanout.nodeId });
 * presence.members("/chat", "general").length; // 1
 * await fanout.close();
 * ```
 */
export interface Presence {
  /** Records that a local connection entered a room. */
  add(route: string, room: string, member: PresenceMember): void;
  /** Records that a local connection left a room (or closed). */
  remove(route: string, room: string, connectionId: string): void;
  /** Every member of a room on every node, sorted by connection id. */
  members(route: string, room: string): PresenceMember[];
}

/**
 * What a fan-out calls when another node published something, and when the
 * members of a room changed.
 *
 * @example Usage
 * ```ts
 * import type { FanoutReceiver } from "@wiretype/wiretype/fanout";
 * const receiver: FanoutReceiver = {
 *   deliver: (delivery) => console.log(delivery.payload),
 *   presenceChanged: (route, room) => console.log(`${route} ${room}`),
 * };
 * ```
 */
export interface FanoutReceiver {
  /** Deliver to this node's local receivers of `delivery.target`. */
  deliver(delivery: Delivery): void;
  /**
   * The member list of a room changed, as this node sees it: a local join
   * or leave, another node's join, leave or snapshot, or a node that left
   * or fell silent. Called synchronously, once per change.
   */
  presenceChanged?(route: string, room: string): void;
}

/**
 * Carries deliveries between nodes (isolates, workers, machines). The server
 * delivers to its own connections itself and publishes for the others; a
 * node never receives its own publications back.
 *
 * @example Usage
 * ```ts
 * import { type Fanout, InProcessFanout } from "@wiretype/wiretype/fanout";
 *
 * const fanout: Fanout = new InProcessFanout();
 * await fanout.start({ deliver: (delivery) => console.log(delivery.payload) });
 * fanout.publish({ route: "/chat", target: { kind: "all" }, payload: "{}" });
 * await fanout.close();
 * ```
 */
export interface Fanout {
  /** This node's id, unique across the cluster. */
  readonly nodeId: string;
  /** Room membership across the cluster. */
  readonly presence: Presence;
  /** Starts receiving other nodes' deliveries. */
  start(receiver: FanoutReceiver): Promise<void>;
  /** Sends a delivery to every other node; never blocks on the network. */
  publish(delivery: Delivery): void;
  /** Stops receiving and releases connections and timers. */
  close(): Promise<void>;
}
