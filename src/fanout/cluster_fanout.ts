import type {
  Delivery,
  Fanout,
  FanoutReceiver,
  Presence,
  PresenceMember,
} from "./fanout.ts";
import { FanoutError, FanoutErrorCode } from "./fanout_error.ts";
import type { FanoutLogger } from "./fanout_logger.ts";
import type { FanoutTransport } from "./fanout_transport.ts";
import {
  CLUSTER_FANOUT_OPTION_KEYS,
  type ClusterFanoutOptions,
  resolveClusterFanoutOptions,
} from "./cluster_fanout_options.ts";
import type { FanoutStats } from "./fanout_stats.ts";
import { PresenceTable } from "./presence_table.ts";
import {
  decodeNodeMessage,
  encodeNodeMessage,
  type NodeMessageBody,
} from "./_node_message.ts";
import { LinkHealth } from "./_link_health.ts";

/** The shortest time between two snapshots of a node's members. */
const SNAPSHOT_SPACING_MS = 250;

/**
 * The fan-out logic every multi-node transport shares: deliveries tagged
 * with this node's id (echoes dropped) and sequence numbers (losses
 * counted); presence replicated by join and leave messages, checked by a
 * periodic heartbeat that carries only a digest (count and hash) of the
 * node's members, and repaired by a full snapshot when a digest disagrees,
 * when a node starts and after an outage (so a newcomer, or a node back from
 * an outage, learns everyone; a node that stops is forgotten after
 * `nodeTimeoutMs`); outages logged and counted. Every change of a room's
 * member list is reported to the receiver (`presenceChanged`). `BroadcastChannelFanout` and `RedisFanout` are this class over
 * their transport; pass your own {@link FanoutTransport} for another broker.
 *
 * @example Usage
 * ```ts
 * import { createServer, type Route } from "@wiretype/wiretype";
 * import { ClusterFanout, type FanoutTransport } from "@wiretype/wiretype/fanout";
 *
 * declare const natsTransport: FanoutTransport; // your transport over NATS, say
 * declare const chat: Route; // chatRoute(handlers), from the generated chat_server.ts
 * const fanout = new ClusterFanout(natsTransport, { heartbeatIntervalMs: 2_000 });
 * const server = createServer({ routes: [chat], fanout });
 * ```
 */
export class ClusterFanout implements Fanout {
  /** This node's id. */
  readonly nodeId: string;
  /** Room membership on every live node. */
  readonly presence: Presence;
  readonly #transport: FanoutTransport;
  readonly #table: PresenceTable;
  readonly #logger: FanoutLogger;
  readonly #heartbeatIntervalMs: number;
  #receiver: FanoutReceiver | undefined;
  #state: "new" | "starting" | "started" | "closed" = "new";
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #health: LinkHealth;
  #nextSeq = 0;
  #nextDeliverySeq = 0;
  #snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  #lastSnapshotMs = Number.NEGATIVE_INFINITY;
  #counts = {
    deliveriesPublished: 0,
    deliveriesReceived: 0,
    echoesIgnored: 0,
    malformedMessages: 0,
  };

  /**
   * A fan-out over `transport`; `owner` names the class in option errors. A
   * subclass checks the keys of its own options, which extend these.
   */
  constructor(
    transport: FanoutTransport,
    options: ClusterFanoutOptions = {},
    owner = "ClusterFanout",
  ) {
    const { nodeId, heartbeatIntervalMs, nodeTimeoutMs, logger } =
      resolveClusterFanoutOptions(
        owner,
        options,
        new.target === ClusterFanout ? CLUSTER_FANOUT_OPTION_KEYS : undefined,
      );
    this.nodeId = nodeId;
    this.#table = new PresenceTable(nodeId, {
      nodeTimeoutMs,
      onChange: (route, room) => this.#receiver?.presenceChanged?.(route, room),
    });
    this.#transport = transport;
    this.#logger = logger;
    this.#heartbeatIntervalMs = heartbeatIntervalMs;
    this.#health = new LinkHealth(nodeId, transport.name, logger);
    const table = this.#table;
    this.presence = {
      add: (route, room, member: PresenceMember) => {
        table.add(route, room, member);
        this.#sendPresence("join", route, room, member);
      },
      remove: (route, room, connectionId) => {
        table.remove(route, room, connectionId);
        this.#sendPresence("leave", route, room, { connectionId });
      },
      members: (route, room) => table.members(route, room),
    };
  }

  /** Opens the transport, announces this node and starts the heartbeat. */
  async start(receiver: FanoutReceiver): Promise<void> {
    if (this.#state !== "new") {
      throw new FanoutError(
        FanoutErrorCode.AlreadyStarted,
        `fan-out node ${this.nodeId} was already started; create one fan-out per server`,
      );
    }
    this.#state = "starting";
    this.#receiver = receiver;
    await this.#transport.open({
      message: (text) => this.#onMessage(text),
      outage: (error) => this.#onOutage(error),
      recovered: () => this.#onRecovered(),
    });
    if (this.#state !== "starting") return; // closed while opening
    this.#state = "started";
    this.#announce();
    const timer = setInterval(() => this.#beat(), this.#heartbeatIntervalMs);
    // The heartbeat alone must not keep a process alive that has nothing else to do.
    Deno.unrefTimer(timer);
    this.#timer = timer;
  }

  /** Sends a delivery to the other nodes; dropped (and counted) while the transport is down. */
  publish(delivery: Delivery): void {
    if (this.#state !== "started") return;
    this.#counts.deliveriesPublished++;
    this.#send(
      { kind: "delivery", deliverySeq: this.#nextDeliverySeq++, delivery },
      delivery.route,
    );
  }

  /** Says goodbye (the others drop this node's members at once) and closes the transport. */
  async close(): Promise<void> {
    if (this.#state === "closed") return;
    const wasStarted = this.#state === "started";
    this.#state = "closed";
    clearInterval(this.#timer);
    clearTimeout(this.#snapshotTimer);
    if (wasStarted) this.#send({ kind: "bye" });
    await this.#transport.close();
  }

  /** The fan-out's and its transport's counters. */
  stats(): FanoutStats {
    return {
      nodeId: this.nodeId,
      transport: this.#transport.name,
      liveNodes: this.#table.liveNodes().length,
      ...this.#counts,
      messagesLost: this.#health.messagesLost,
      deliveriesLost: this.#health.deliveriesLost,
      outages: this.#health.outages,
      recoveries: this.#health.recoveries,
      ...this.#transport.stats(),
    };
  }

  #sendPresence(
    kind: "join" | "leave",
    route: string,
    room: string,
    member: Pick<PresenceMember, "connectionId" | "userId">,
  ): void {
    // Before start the heartbeat sent by `start` carries the change.
    if (this.#state !== "started") return;
    const entry = member.userId === undefined
      ? { route, room, connectionId: member.connectionId }
      : {
        route,
        room,
        connectionId: member.connectionId,
        userId: member.userId,
      };
    this.#send({ kind, entry });
  }

  /** Every message goes out with this node's id and the next sequence number. */
  #send(body: NodeMessageBody, route?: string): void {
    this.#transport.send(
      encodeNodeMessage(this.nodeId, this.#nextSeq++, body),
      route,
    );
  }

  #sendSnapshot(): void {
    this.#lastSnapshotMs = performance.now();
    this.#send({ kind: "snapshot", entries: this.#table.localEntries() });
  }

  /**
   * Sends a snapshot soon: requests that arrive together (every node
   * answering a hello, or asking after an outage) get one snapshot, and
   * snapshots are at least SNAPSHOT_SPACING_MS (or a quarter of a heartbeat
   * interval, if shorter) apart, as one serves every node.
   */
  #requestSnapshot(): void {
    if (this.#snapshotTimer !== undefined) return;
    const waitMs = Math.max(
      0,
      this.#lastSnapshotMs +
        Math.min(SNAPSHOT_SPACING_MS, this.#heartbeatIntervalMs / 4) -
        performance.now(),
    );
    const timer = setTimeout(() => {
      this.#snapshotTimer = undefined;
      if (this.#state === "started") this.#sendSnapshot();
    }, waitMs);
    Deno.unrefTimer(timer);
    this.#snapshotTimer = timer;
  }

  /** Hello makes every other node answer with its snapshot, so this node learns their members now. */
  #announce(): void {
    this.#send({ kind: "hello" });
    this.#sendSnapshot();
  }

  #beat(): void {
    this.#send({ kind: "heartbeat", digest: this.#table.localDigest() });
    this.#health.reportLosses();
    for (const otherNodeId of this.#table.pruneSilentNodes()) {
      this.#health.forget(otherNodeId);
      this.#logger.log({
        kind: "fanout_node_lost",
        nodeId: this.nodeId,
        otherNodeId,
      });
    }
  }

  #onMessage(text: string): void {
    if (this.#state !== "started") return;
    const message = decodeNodeMessage(text);
    if (message === undefined) {
      this.#counts.malformedMessages++;
      return;
    }
    const { origin, seq, body } = message;
    if (origin === this.nodeId) {
      this.#counts.echoesIgnored++;
      return;
    }
    this.#health.observe(origin, seq);
    if (body.kind !== "bye" && this.#table.heardFrom(origin)) {
      this.#logger.log({
        kind: "fanout_node_joined",
        nodeId: this.nodeId,
        otherNodeId: origin,
      });
    }
    switch (body.kind) {
      case "delivery":
        this.#health.observeDelivery(origin, body.deliverySeq);
        this.#counts.deliveriesReceived++;
        return this.#deliver(body.delivery);
      case "join":
        return this.#table.applyJoin(origin, body.entry);
      case "leave":
        return this.#table.applyLeave(origin, body.entry);
      case "heartbeat":
        // A mismatch means a join, leave or snapshot of that node was lost.
        if (!this.#table.matchesDigest(origin, body.digest)) {
          this.#send({ kind: "sync", nodeId: origin });
        }
        return;
      case "snapshot":
        return this.#table.applySnapshot(origin, body.entries);
      case "sync":
        if (body.nodeId === this.nodeId) this.#requestSnapshot();
        return;
      case "hello":
        return this.#requestSnapshot();
      case "bye":
        this.#table.dropNode(origin);
        this.#health.forget(origin);
        this.#logger.log({
          kind: "fanout_node_left",
          nodeId: this.nodeId,
          otherNodeId: origin,
        });
        return;
    }
  }

  #deliver(delivery: Delivery): void {
    try {
      this.#receiver?.deliver(delivery);
    } catch (error) {
      // A throwing receiver must not take the transport's listener down with it.
      this.#logger.log({
        kind: "fanout_delivery_failed",
        nodeId: this.nodeId,
        error,
      });
    }
  }

  #onOutage(error: unknown): void {
    if (this.#state !== "closed") this.#health.down(error);
  }

  #onRecovered(): void {
    if (this.#state === "closed") return;
    // Messages were lost while down: re-announcing makes everyone resend
    // their member lists and refreshes ours on every node.
    const endedOutage = this.#health.up(
      this.#transport.stats().publishesDropped,
    );
    if (endedOutage && this.#state === "started") this.#announce();
  }
}
