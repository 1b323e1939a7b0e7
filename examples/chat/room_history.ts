import type { ChatMessage } from "../../protocol/gen/chat_protocol.ts";

/**
 * The latest messages of each room, in memory and bounded: at most
 * `messagesPerRoom` per room and `maxRooms` rooms (the least recently used
 * room is forgotten first). Per process: under `deno serve --parallel` or
 * with several machines each node has its own history (see docs/SCALING.md).
 */
export class RoomHistory {
  readonly #rooms = new Map<string, ChatMessage[]>();
  readonly #messagesPerRoom: number;
  readonly #maxRooms: number;

  constructor(messagesPerRoom = 100, maxRooms = 1_000) {
    this.#messagesPerRoom = messagesPerRoom;
    this.#maxRooms = maxRooms;
  }

  /** Appends a message to its room. */
  add(message: ChatMessage): void {
    const messages = this.#rooms.get(message.room) ?? [];
    this.#rooms.delete(message.room);
    this.#rooms.set(message.room, messages);
    messages.push(message);
    if (messages.length > this.#messagesPerRoom) messages.shift();
    if (this.#rooms.size > this.#maxRooms) {
      this.#rooms.delete(this.#rooms.keys().next().value!);
    }
  }

  /** The latest `limit` messages of a room, oldest first. */
  latest(room: string, limit: number): ChatMessage[] {
    return (this.#rooms.get(room) ?? []).slice(-limit);
  }
}
