import type { PresenceMember } from "../fanout/fanout.ts";
import type { EventMap } from "./connection.ts";

/**
 * A room's member list changed, as this node sees it: a connection here or
 * on another node joined or left, another node's list arrived (after a
 * start or an outage), or a node left or fell silent. A route's
 * `onPresenceChange` gets one for each changed room that has members on
 * this node; changes that happen together (a node's whole list) are
 * reported once per room.
 *
 * Every node reports what it sees to its own members, so
 * `sendToLocalMembers` reaches only this node's members of the room and
 * the members of every node end up with the same list once replication
 * settles, after any outage.
 *
 * @example Usage
 * ```ts
 * import type { PresenceChange } from "@wiretype/wiretype/server";
 * type Events = { presence: { room: string; users: string[] } };
 * const onPresenceChange = ({ room, members, sendToLocalMembers }: PresenceChange<Events>) => {
 *   const users = [...new Set(members.map((member) => member.userId ?? "anonymous"))];
 *   sendToLocalMembers("presence", { room, users });
 * };
 * ```
 */
export interface PresenceChange<Events extends EventMap = EventMap> {
  /** The room whose member list changed. */
  readonly room: string;
  /** Its members on every live node now, sorted by connection id. */
  readonly members: readonly PresenceMember[];
  /** Sends an event to this node's members of the room, and to no other node. */
  sendToLocalMembers<E extends keyof Events & string>(
    event: E,
    data: Events[E],
  ): void;
}
