import type { Presence, PresenceMember } from "./fanout.ts";
import {
  checkKnownKeys,
  checkName,
  checkNumber,
  checkObject,
  checkOptionalFunction,
  optionKeys,
} from "../_option_checks.ts";
import {
  Membership,
  type PresenceDigest,
  type PresenceEntry,
  type RoomKey,
} from "./_membership.ts";

export type { PresenceDigest, PresenceEntry } from "./_membership.ts";

/**
 * Settings of a {@link PresenceTable}.
 *
 * @example Usage
 * ```ts
 * import { PresenceTable } from "@wiretype/wiretype/fanout";
 * const table = new PresenceTable("node-a", {
 *   nodeTimeoutMs: 6_000,
 *   onChange: (route, room) => console.log(`${route} ${room} changed`),
 * });
 * ```
 */
export interface PresenceTableOptions {
  /**
   * How long the members of another node stay listed after its last sign of
   * life (any message from it). Default 15 000 ms.
   */
  readonly nodeTimeoutMs?: number;
  /** The clock, in ms since the epoch; tests pass a fake one. Default `Date.now`. */
  readonly clock?: () => number;
  /**
   * Called, synchronously, for each room whose member list changed: a local
   * join or leave, another node's join, leave or snapshot, or a node that
   * left or fell silent.
   */
  readonly onChange?: (route: string, room: string) => void;
}

const OPTION_KEYS = optionKeys<PresenceTableOptions>({
  nodeTimeoutMs: true,
  clock: true,
  onChange: true,
});

const DEFAULT_NODE_TIMEOUT_MS = 15_000;
const OWNER = "PresenceTable";

interface RemoteNode {
  lastSeenMs: number;
  membership: Membership;
}

/**
 * The presence table every fan-out uses: this node's members, which the
 * server adds and removes, plus the members of other nodes, which a
 * replicating fan-out applies from their join, leave and snapshot messages
 * and checks against the digests of their heartbeats. The members of a node
 * that falls silent for `nodeTimeoutMs` stop being listed at once (checked
 * when read, so no timer is needed) and are freed by
 * {@link PresenceTable.pruneSilentNodes}.
 *
 * @example Usage
 * ```ts
 * import { PresenceTable } from "@wiretype/wiretype/fanout";
 * const table = new PresenceTable("node-a");
 * table.add("/chat", "general", { connectionId: "c2", nodeId: "node-a" });
 * table.applySnapshot("node-b", [{ route: "/chat", room: "general", connectionId: "c1" }]);
 * table.members("/chat", "general").map((m) => m.connectionId); // ["c1", "c2"]
 * ```
 */
export class PresenceTable implements Presence {
  /** This node's id; local members are recorded under it. */
  readonly nodeId: string;
  /** How long a silent node's members stay listed. */
  readonly nodeTimeoutMs: number;
  readonly #clock: () => number;
  readonly #onChange: (route: string, room: string) => void;
  readonly #local = new Membership();
  readonly #remote = new Map<string, RemoteNode>();

  /** Creates an empty table for node `nodeId`. */
  constructor(nodeId: string, options: PresenceTableOptions = {}) {
    this.nodeId = checkName(OWNER, "nodeId", nodeId);
    checkObject(OWNER, "options", options);
    checkKnownKeys(OWNER, "", options, OPTION_KEYS);
    this.nodeTimeoutMs = checkNumber(
      OWNER,
      "nodeTimeoutMs",
      options.nodeTimeoutMs ?? DEFAULT_NODE_TIMEOUT_MS,
      { positive: true },
    );
    this.#clock = checkOptionalFunction(OWNER, "clock", options.clock) ??
      Date.now;
    this.#onChange = checkOptionalFunction(
      OWNER,
      "onChange",
      options.onChange,
    ) ?? (() => {});
  }

  /**
   * Records that a local connection entered a room. The member is stored
   * under this node's id whatever `member.nodeId` says, since only this node
   * can vouch for its own connections.
   */
  add(route: string, room: string, member: PresenceMember): void {
    const changed = this.#local.add(route, room, {
      connectionId: member.connectionId,
      ...(member.userId === undefined ? {} : { userId: member.userId }),
      nodeId: this.nodeId,
    });
    if (changed) this.#onChange(route, room);
  }

  /** Records that a local connection left a room (or closed). */
  remove(route: string, room: string, connectionId: string): void {
    if (this.#local.remove(route, room, connectionId)) {
      this.#onChange(route, room);
    }
  }

  /** Every member of a room on this node and on live nodes, sorted by connection id. */
  members(route: string, room: string): PresenceMember[] {
    const found = [...this.#local.room(route, room)];
    for (const node of this.#liveRemotes()) {
      found.push(...node.membership.room(route, room));
    }
    return found.sort((a, b) =>
      a.connectionId < b.connectionId
        ? -1
        : a.connectionId > b.connectionId
        ? 1
        : 0
    );
  }

  /** This node's memberships, as a snapshot carries them. */
  localEntries(): PresenceEntry[] {
    return [...this.#local.entries()];
  }

  /** The count and hash of this node's memberships, as a heartbeat carries them. */
  localDigest(): PresenceDigest {
    return this.#local.digest();
  }

  /** The ids of the other nodes currently considered alive. */
  liveNodes(): string[] {
    const oldestLiveMs = this.#clock() - this.nodeTimeoutMs;
    return [...this.#remote]
      .filter(([, node]) => node.lastSeenMs >= oldestLiveMs)
      .map(([nodeId]) => nodeId)
      .sort();
  }

  /**
   * Records a sign of life from another node (any message); returns true if
   * the node was not known, so the caller can log that it joined. A node
   * back from silence starts empty: its snapshot restores the members it
   * still has, instead of resurrecting stale ones.
   */
  heardFrom(nodeId: string): boolean {
    if (nodeId === this.nodeId) return false;
    const nowMs = this.#clock();
    const node = this.#remote.get(nodeId);
    if (node !== undefined && node.lastSeenMs >= nowMs - this.nodeTimeoutMs) {
      node.lastSeenMs = nowMs;
      return false;
    }
    this.#remote.set(nodeId, {
      lastSeenMs: nowMs,
      membership: new Membership(),
    });
    if (node !== undefined) this.#notify(node.membership.rooms());
    return node === undefined;
  }

  /** Applies another node's join; it also counts as a sign of life. */
  applyJoin(nodeId: string, entry: PresenceEntry): void {
    const { route, room } = entry;
    if (this.#heard(nodeId)?.add(route, room, toMember(nodeId, entry))) {
      this.#onChange(route, room);
    }
  }

  /** Applies another node's leave; it also counts as a sign of life. */
  applyLeave(nodeId: string, entry: PresenceEntry): void {
    const { route, room, connectionId } = entry;
    if (this.#heard(nodeId)?.remove(route, room, connectionId)) {
      this.#onChange(route, room);
    }
  }

  /**
   * Replaces everything known about another node with its full list, which
   * repairs any join or leave that was lost on the way.
   */
  applySnapshot(nodeId: string, entries: readonly PresenceEntry[]): void {
    const previous = this.#heard(nodeId);
    if (previous === undefined) return;
    const membership = new Membership();
    for (const entry of entries) {
      membership.add(entry.route, entry.room, toMember(nodeId, entry));
    }
    this.#remote.get(nodeId)!.membership = membership;
    this.#notify(membership.roomsChangedFrom(previous));
  }

  /**
   * True if what this table knows of another node matches the digest of its
   * heartbeat; false means a join, leave or snapshot was lost and the node
   * should be asked for a snapshot.
   */
  matchesDigest(nodeId: string, digest: PresenceDigest): boolean {
    const known = this.#remote.get(nodeId)?.membership.digest();
    return known !== undefined && known.count === digest.count &&
      known.hash === digest.hash;
  }

  /** Forgets another node at once (it said goodbye). */
  dropNode(nodeId: string): void {
    const node = this.#remote.get(nodeId);
    if (node === undefined) return;
    this.#remote.delete(nodeId);
    this.#notify(node.membership.rooms());
  }

  /** Frees the entries of nodes silent for longer than `nodeTimeoutMs`; returns their ids. */
  pruneSilentNodes(): string[] {
    const oldestLiveMs = this.#clock() - this.nodeTimeoutMs;
    const dropped: string[] = [];
    for (const [nodeId, node] of this.#remote) {
      if (node.lastSeenMs < oldestLiveMs) {
        this.dropNode(nodeId);
        dropped.push(nodeId);
      }
    }
    return dropped;
  }

  /** The membership of another node after a sign of life from it; undefined for this node. */
  #heard(nodeId: string): Membership | undefined {
    if (nodeId === this.nodeId) return undefined;
    this.heardFrom(nodeId);
    return this.#remote.get(nodeId)?.membership;
  }

  *#liveRemotes(): Iterable<RemoteNode> {
    const oldestLiveMs = this.#clock() - this.nodeTimeoutMs;
    for (const node of this.#remote.values()) {
      if (node.lastSeenMs >= oldestLiveMs) yield node;
    }
  }

  #notify(rooms: Iterable<RoomKey>): void {
    for (const { route, room } of [...rooms]) this.#onChange(route, room);
  }
}

function toMember(nodeId: string, entry: PresenceEntry): PresenceMember {
  return entry.userId === undefined
    ? { connectionId: entry.connectionId, nodeId }
    : { connectionId: entry.connectionId, userId: entry.userId, nodeId };
}
