import type {
  DeliveryPosition,
  DeliveryTarget,
  Presence,
} from "../fanout/fanout.ts";

/** What the hub needs of a connection to deliver to it. */
export interface HubMember {
  readonly id: string;
  readonly userId: string | undefined;
  /** The rooms the member is in. */
  readonly rooms: ReadonlySet<string>;
  /**
   * Records that the member entered (`addRoom`) or left (`deleteRoom`)
   * `room`; the hub calls them to keep the member in step with its index.
   * `deleteRoom` is false if the member was not in the room.
   */
  addRoom(room: string): void;
  deleteRoom(room: string): boolean;
  /**
   * Sends an already serialised frame of `bytes` UTF-8 bytes; `position`
   * says which stream publication it is, if any.
   */
  sendPayload(
    payload: string,
    bytes: number,
    position?: DeliveryPosition,
  ): void;
}

/**
 * The open connections of one route on this node, indexed by id, by user and
 * by room: the "hub" of Centrifuge. Rooms exist while they have members;
 * presence is kept in step through the fan-out's {@link Presence}.
 */
export class RouteHub<Member extends HubMember = HubMember> {
  readonly #path: string;
  readonly #presence: Presence;
  readonly #nodeId: string;
  readonly #connections = new Map<string, Member>();
  /** A user's one connection, or a set of them once there are several. */
  readonly #users = new Map<string, Member | Set<Member>>();
  readonly #rooms = new Map<string, Set<Member>>();

  /** A hub for route `path`, recording room membership in `presence`. */
  constructor(path: string, presence: Presence, nodeId: string) {
    this.#path = path;
    this.#presence = presence;
    this.#nodeId = nodeId;
  }

  /** How many connections are registered. */
  get size(): number {
    return this.#connections.size;
  }

  /** How many open connections user `userId` has on this route here. */
  userConnections(userId: string): number {
    const members = this.#users.get(userId);
    if (members === undefined) return 0;
    return members instanceof Set ? members.size : 1;
  }

  /** How many connections of this node are in `room`. */
  roomSize(room: string): number {
    return this.#rooms.get(room)?.size ?? 0;
  }

  /** The number of rooms with at least one member. */
  get roomCount(): number {
    return this.#rooms.size;
  }

  /** Registers an open, authenticated (or public) connection. */
  add(member: Member): void {
    this.#connections.set(member.id, member);
    if (member.userId !== undefined) this.#addUser(member.userId, member);
  }

  /** Unregisters a connection and takes it out of all its rooms. */
  remove(member: Member): void {
    if (this.#connections.get(member.id) !== member) return;
    for (const room of [...member.rooms]) this.leave(member, room);
    this.#connections.delete(member.id);
    if (member.userId !== undefined) this.#removeUser(member.userId, member);
  }

  // Most users have one connection on a route: a Set for each of them
  // would cost about 100 bytes per connection for nothing.
  #addUser(userId: string, member: Member): void {
    const members = this.#users.get(userId);
    if (members === undefined) this.#users.set(userId, member);
    else if (members instanceof Set) members.add(member);
    else if (members !== member) {
      this.#users.set(userId, new Set([members, member]));
    }
  }

  #removeUser(userId: string, member: Member): void {
    const members = this.#users.get(userId);
    if (members === member) this.#users.delete(userId);
    else if (members instanceof Set) {
      members.delete(member);
      if (members.size === 0) this.#users.delete(userId);
    }
  }

  /** Puts a registered connection in `room`. */
  join(member: Member, room: string): void {
    if (member.rooms.has(room) || !this.#connections.has(member.id)) return;
    member.addRoom(room);
    addTo(this.#rooms, room, member);
    this.#presence.add(this.#path, room, {
      connectionId: member.id,
      ...(member.userId === undefined ? {} : { userId: member.userId }),
      nodeId: this.#nodeId,
    });
  }

  /** Takes a connection out of `room`; the room goes when it is empty. */
  leave(member: Member, room: string): void {
    if (!member.deleteRoom(room)) return;
    removeFrom(this.#rooms, room, member);
    this.#presence.remove(this.#path, room, member.id);
  }

  /** True if connection `connectionId` is registered here. */
  has(connectionId: string): boolean {
    return this.#connections.has(connectionId);
  }

  /** Every registered connection. */
  members(): IterableIterator<Member> {
    return this.#connections.values();
  }

  /** Sends the same serialised frame to every local receiver of `target`. */
  deliver(
    target: DeliveryTarget,
    payload: string,
    bytes: number,
    position?: DeliveryPosition,
  ): void {
    switch (target.kind) {
      case "connection":
        this.#connections.get(target.connectionId)?.sendPayload(payload, bytes);
        return;
      case "user": {
        const members = this.#users.get(target.userId);
        if (members instanceof Set) {
          sendToAll(members, payload, bytes, position);
        } else members?.sendPayload(payload, bytes, position);
        return;
      }
      case "room": {
        const members = this.#rooms.get(target.room);
        if (members === undefined) return;
        for (const member of members) {
          if (member.id !== target.exceptConnectionId) {
            member.sendPayload(payload, bytes, position);
          }
        }
        return;
      }
      case "all":
        sendToAll(this.#connections.values(), payload, bytes);
        return;
    }
  }
}

function sendToAll(
  members: Iterable<HubMember> | undefined,
  payload: string,
  bytes: number,
  position?: DeliveryPosition,
): void {
  if (members === undefined) return;
  for (const member of members) member.sendPayload(payload, bytes, position);
}

function addTo<M>(index: Map<string, Set<M>>, key: string, member: M): void {
  let members = index.get(key);
  if (members === undefined) index.set(key, members = new Set());
  members.add(member);
}

function removeFrom<M>(
  index: Map<string, Set<M>>,
  key: string,
  member: M,
): void {
  const members = index.get(key);
  if (members === undefined) return;
  members.delete(member);
  if (members.size === 0) index.delete(key);
}
