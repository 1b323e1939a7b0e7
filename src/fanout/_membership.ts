import type { PresenceMember } from "./fanout.ts";

/**
 * One membership as nodes exchange it: a connection in a room of a route.
 * Snapshots carry a node's full list of these.
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
 * A summary of a node's memberships that two nodes can compare without
 * sending the list: how many there are and an order-independent 64-bit hash
 * (two 32-bit sums of per-entry hashes, so adding and removing one entry
 * updates it in constant time). Heartbeats carry it.
 */
export interface PresenceDigest {
  /** How many memberships. */
  readonly count: number;
  /** 16 hexadecimal digits. */
  readonly hash: string;
}

/** A room of a route, as a change notification names it. */
export interface RoomKey {
  readonly route: string;
  readonly room: string;
}

/**
 * Members by connection id, in rooms, in routes, with a digest kept up to
 * date as they change. Empty rooms and routes are dropped, so a long-lived
 * node does not keep every room name it ever saw.
 */
export class Membership {
  readonly #routes = new Map<
    string,
    Map<string, Map<string, PresenceMember>>
  >();
  #count = 0;
  #sumLow = 0;
  #sumHigh = 0;

  /** Adds or updates a member; true if the room's member list changed. */
  add(route: string, room: string, member: PresenceMember): boolean {
    let rooms = this.#routes.get(route);
    if (rooms === undefined) this.#routes.set(route, rooms = new Map());
    let members = rooms.get(room);
    if (members === undefined) rooms.set(room, members = new Map());
    const previous = members.get(member.connectionId);
    if (previous !== undefined) {
      if (previous.userId === member.userId) return false;
      this.#account(route, room, previous, -1);
    }
    members.set(member.connectionId, member);
    this.#account(route, room, member, 1);
    return true;
  }

  /** Removes a member; true if it was there. */
  remove(route: string, room: string, connectionId: string): boolean {
    const rooms = this.#routes.get(route);
    const members = rooms?.get(room);
    const member = members?.get(connectionId);
    if (rooms === undefined || members === undefined || member === undefined) {
      return false;
    }
    members.delete(connectionId);
    this.#account(route, room, member, -1);
    if (members.size === 0) rooms.delete(room);
    if (rooms.size === 0) this.#routes.delete(route);
    return true;
  }

  /** The members of one room. */
  room(route: string, room: string): Iterable<PresenceMember> {
    return this.#routes.get(route)?.get(room)?.values() ?? [];
  }

  /** Every room with at least one member. */
  *rooms(): Iterable<RoomKey> {
    for (const [route, rooms] of this.#routes) {
      for (const room of rooms.keys()) yield { route, room };
    }
  }

  /** Every membership, as nodes exchange them. */
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

  /** The count and hash of every membership. */
  digest(): PresenceDigest {
    return {
      count: this.#count,
      hash: hex(this.#sumHigh) + hex(this.#sumLow),
    };
  }

  /** The rooms whose member lists differ between this and `other`. */
  *roomsChangedFrom(other: Membership): Iterable<RoomKey> {
    for (const key of this.rooms()) {
      if (!sameMembers(this.room(key.route, key.room), other, key)) yield key;
    }
    for (const key of other.rooms()) {
      if (!this.#routes.get(key.route)?.has(key.room)) yield key;
    }
  }

  #account(
    route: string,
    room: string,
    member: PresenceMember,
    sign: 1 | -1,
  ): void {
    const text = `${route}\0${room}\0${member.connectionId}\0${
      member.userId ?? ""
    }`;
    this.#count += sign;
    this.#sumLow = (this.#sumLow + sign * fnv1a(text, 0x811c9dc5)) >>> 0;
    this.#sumHigh = (this.#sumHigh + sign * fnv1a(text, 0x01000193)) >>> 0;
  }
}

function sameMembers(
  members: Iterable<PresenceMember>,
  other: Membership,
  { route, room }: RoomKey,
): boolean {
  const theirs = new Map(
    [...other.room(route, room)].map((member) => [member.connectionId, member]),
  );
  let count = 0;
  for (const member of members) {
    count++;
    const theirMember = theirs.get(member.connectionId);
    if (theirMember === undefined || theirMember.userId !== member.userId) {
      return false;
    }
  }
  return count === theirs.size;
}

/** 32-bit FNV-1a over UTF-16 code units, from `seed`. */
function fnv1a(text: string, seed: number): number {
  let hash = seed;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function hex(value: number): string {
  return value.toString(16).padStart(8, "0");
}
