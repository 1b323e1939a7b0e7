import type { Presence, PresenceMember } from "./fanout.ts";
import { nameOption, positiveMs } from "./_check_option.ts";

/**
 * One membership as nodes exchange it: a connection in a room of a route.
 * Heartbeats carry a node's full list of these.
 *
 * @example
 * ```ts
 * const entry: PresenceEntry = { route: "/chat", room: "general", connectionId: "c1", userId: "alice" };
 * ```
 */
export interface PresenceEntry {
  /** The route path, e.g. `/chat`. */
  readonly route: string;
  /** The room name. */
  readonly room: string;
  /** The connection's id (global). */
  readonly connectionId: string;
  /** The user (`sub`) of the connection, if authenticated. */
  readonly userId?: string;
}

/**
 * Settings of a {@link PresenceTable}.
 *
 * @example
 * ```ts
 * const table = new PresenceTable("node-a", { nodeTimeoutMs: 6_000 });
 * ```
 */
export interface PresenceTableOptions {
  /**
   * How long the members of another node stay listed after its last sign of
   * life (a heartbeat, join or leave). Default 15 000 ms.
   */
  readonly nodeTimeoutMs?: number;
  /** The clock, in ms since the epoch; tests pass a fake one. Default `Date.now`. */
  readonly clock?: () => number;
}

const DEFAULT_NODE_TIMEOUT_MS = 15_000;

/** Members by connection id, in rooms, in routes. */
class Membership {
  readonly #routes = new Map<
    string,
    Map<string, Map<string, PresenceMember>>
  >();

  add(route: string, room: string, member: PresenceMember): void {
    let rooms = this.#routes.get(route);
    if (rooms === undefined) this.#routes.set(route, rooms = new Map());
    let members = rooms.get(room);
    if (members === undefined) rooms.set(room, members = new Map());
    members.set(member.connectionId, member);
  }

  remove(route: string, room: string, connectionId: string): void {
    const rooms = this.#routes.get(route);
    const members = rooms?.get(room);
    if (rooms === undefined || members === undefined) return;
    members.delete(connectionId);
    // Empty maps are dropped so a long-lived node does not keep every room
    // name it ever saw.
    if (members.size === 0) rooms.delete(room);
    if (rooms.size === 0) this.#routes.delete(route);
  }

  room(route: string, room: string): Iterable<PresenceMember> {
    return this.#routes.get(route)?.get(room)?.values() ?? [];
  }

  *entries(): Iterable<PresenceEntry> {
    for (const [route, rooms] of this.#routes) {
      for (const [room, members] of rooms) {
        for (const { connectionId, userId } of members.values()) {
          yield userId === undefined
            ? { route, room, connectionId }
            : { route, room, connectionId, userId };
        }
      }
    }
  }
}

interface RemoteNode {
  lastSeenMs: number;
  membership: Membership;
}

/**
 * The presence table every fan-out uses: this node's members, which the
 * server adds and removes, plus the members of other nodes, which a
 * replicating fan-out applies from their join, leave and heartbeat messages.
 * The members of a node that falls silent for `nodeTimeoutMs` stop being
 * listed at once (checked when read, so no timer is needed) and are freed by
 * {@link PresenceTable.pruneSilentNodes}.
 *
 * @example
 * ```ts
 * const table = new PresenceTable("node-a");
 * table.add("/chat", "general", { connectionId: "c2", nodeId: "node-a" });
 * table.applyHeartbeat("node-b", [{ route: "/chat", room: "general", connectionId: "c1" }]);
 * table.members("/chat", "general").map((m) => m.connectionId); // ["c1", "c2"]
 * ```
 */
export class PresenceTable implements Presence {
  /** This node's id; local members are recorded under it. */
  readonly nodeId: string;
  /** How long a silent node's members stay listed. */
  readonly nodeTimeoutMs: number;
  readonly #clock: () => number;
  readonly #local = new Membership();
  readonly #remote = new Map<string, RemoteNode>();

  /** Creates an empty table for node `nodeId`. */
  constructor(nodeId: string, options: PresenceTableOptions = {}) {
    this.nodeId = nameOption("PresenceTable", "nodeId", nodeId, "");
    this.nodeTimeoutMs = positiveMs(
      "PresenceTable",
      "nodeTimeoutMs",
      options.nodeTimeoutMs,
      DEFAULT_NODE_TIMEOUT_MS,
    );
    this.#clock = options.clock ?? Date.now;
  }

  /**
   * Records that a local connection entered a room. The member is stored
   * under this node's id whatever `member.nodeId` says, since only this node
   * can vouch for its own connections.
   */
  add(route: string, room: string, member: PresenceMember): void {
    this.#local.add(route, room, {
      connectionId: member.connectionId,
      ...(member.userId === undefined ? {} : { userId: member.userId }),
      nodeId: this.nodeId,
    });
  }

  /** Records that a local connection left a room (or closed). */
  remove(route: string, room: string, connectionId: string): void {
    this.#local.remove(route, room, connectionId);
  }

  /** Every member of a room on this node and on live nodes, sorted by connection id. */
  members(route: string, room: string): PresenceMember[] {
    const found = [...this.#local.room(route, room)];
    const oldestLiveMs = this.#clock() - this.nodeTimeoutMs;
    for (const node of this.#remote.values()) {
      if (node.lastSeenMs >= oldestLiveMs) {
        found.push(...node.membership.room(route, room));
      }
    }
    return found.sort((a, b) =>
      a.connectionId < b.connectionId
        ? -1
        : a.connectionId > b.connectionId
        ? 1
        : 0
    );
  }

  /** This node's memberships, as a heartbeat carries them. */
  localEntries(): PresenceEntry[] {
    return [...this.#local.entries()];
  }

  /** The ids of the other nodes currently considered alive. */
  liveNodes(): string[] {
    const oldestLiveMs = this.#clock() - this.nodeTimeoutMs;
    return [...this.#remote]
      .filter(([, node]) => node.lastSeenMs >= oldestLiveMs)
      .map(([nodeId]) => nodeId)
      .sort();
  }

  /** True if `nodeId` has been heard from and not dropped since. */
  knowsNode(nodeId: string): boolean {
    return this.#remote.has(nodeId);
  }

  /** Applies another node's join; it also counts as a sign of life. */
  applyJoin(nodeId: string, entry: PresenceEntry): void {
    const node = this.#touch(nodeId);
    node?.membership.add(entry.route, entry.room, toMember(nodeId, entry));
  }

  /** Applies another node's leave; it also counts as a sign of life. */
  applyLeave(nodeId: string, entry: PresenceEntry): void {
    this.#touch(nodeId)?.membership.remove(
      entry.route,
      entry.room,
      entry.connectionId,
    );
  }

  /**
   * Replaces everything known about another node with its full list, which
   * also repairs any join or leave that was lost on the way.
   */
  applyHeartbeat(nodeId: string, entries: readonly PresenceEntry[]): void {
    if (nodeId === this.nodeId) return;
    const membership = new Membership();
    for (const entry of entries) {
      membership.add(entry.route, entry.room, toMember(nodeId, entry));
    }
    this.#remote.set(nodeId, { lastSeenMs: this.#clock(), membership });
  }

  /** Forgets another node at once (it said goodbye). */
  dropNode(nodeId: string): void {
    this.#remote.delete(nodeId);
  }

  /** Frees the entries of nodes silent for longer than `nodeTimeoutMs`; returns their ids. */
  pruneSilentNodes(): string[] {
    const oldestLiveMs = this.#clock() - this.nodeTimeoutMs;
    const dropped: string[] = [];
    for (const [nodeId, node] of this.#remote) {
      if (node.lastSeenMs < oldestLiveMs) {
        this.#remote.delete(nodeId);
        dropped.push(nodeId);
      }
    }
    return dropped;
  }

  #touch(nodeId: string): RemoteNode | undefined {
    if (nodeId === this.nodeId) return undefined;
    const nowMs = this.#clock();
    let node = this.#remote.get(nodeId);
    if (node === undefined || node.lastSeenMs < nowMs - this.nodeTimeoutMs) {
      // A node back from silence starts empty: its next heartbeat restores
      // the members it still has, instead of resurrecting stale ones.
      this.#remote.set(
        nodeId,
        node = { lastSeenMs: nowMs, membership: new Membership() },
      );
    }
    node.lastSeenMs = nowMs;
    return node;
  }
}

function toMember(nodeId: string, entry: PresenceEntry): PresenceMember {
  return entry.userId === undefined
    ? { connectionId: entry.connectionId, nodeId }
    : { connectionId: entry.connectionId, userId: entry.userId, nodeId };
}
