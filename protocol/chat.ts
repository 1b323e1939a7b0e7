/**
 * The demo chat protocol, served at `/chat`: rooms, messages, a typing
 * indicator, presence and a history RPC.
 *
 * @module
 */
import type { Protocol, Rpc } from "@wiretype/wiretype/define";
import type { ChatMessage, Member, Room, UserName } from "./chat_types.ts";

/** Real-time chat in named rooms. */
export interface Chat extends Protocol<"/chat"> {
  client: {
    /**
     * Enter a room; everyone in it receives `joined`. The client joins again
     * by itself after a reconnect.
     * @replay
     */
    join: { room: Room };
    /**
     * Leave a room; everyone in it receives `left`.
     * @forgets join
     */
    leave: { room: Room };
    /** Post to a room you have joined. */
    say: {
      room: Room;
      /** @minLength 1 @maxLength 2000 */
      text: string;
    };
    /** Tell the room you are (or stopped) typing. */
    typing: { room: Room; active: boolean };
    /** The latest messages of a room, oldest first. */
    history: Rpc<{
      room: Room;
      /** @integer @minimum 1 @maximum 100 */
      limit?: number;
    }, { messages: ChatMessage[] }>;
  };
  server: {
    /** A message posted to a room you are in. */
    message: ChatMessage;
    /** Someone entered a room you are in (you too, after `join`). */
    joined: { room: Room; user: UserName };
    /** Someone left a room you are in. */
    left: { room: Room; user: UserName };
    /** Someone in the room started or stopped typing. */
    typing: { room: Room; user: UserName; active: boolean };
    /** The members of a room, sent on every change. */
    presence: { room: Room; members: Member[] };
  };
}
