/**
 * Shared types of the chat protocol, in their own file to show that types
 * can be referenced across files.
 *
 * @module
 */

/**
 * A room name: lowercase letters, digits and dashes.
 * @pattern ^[a-z0-9-]{1,32}$
 */
export type Room = string;

/**
 * A user's display name.
 * @minLength 1
 * @maxLength 40
 */
export type UserName = string;

/** One chat line as stored and broadcast. */
export interface ChatMessage {
  /** @format uuid */
  id: string;
  room: Room;
  user: UserName;
  /** @maxLength 2000 */
  text: string;
  /** @format date-time */
  sentAt: string;
}

/** A member of a room as the presence list shows it. */
export interface Member {
  user: UserName;
  /**
   * How many connections (tabs, devices) the user has in the room.
   * @integer
   * @minimum 1
   */
  connections: number;
}
