import { ErrorCode, ProtocolError } from "@wiretype/wiretype";
import type { PresenceChange } from "@wiretype/wiretype/server";
import type {
  ChatContext,
  ChatHandlers,
} from "../../protocol/gen/chat_server.ts";
import type {
  ChatMessage,
  ChatServerEvents,
  Member,
} from "../../protocol/gen/chat_protocol.ts";
import type { RoomHistory } from "./room_history.ts";

/** What the chat keeps per connection: the rooms it joined, for `left` on close. */
export interface ChatState {
  readonly joined: Set<string>;
}

/** Called when something happens that other users should be notified of. */
export type Notify = (event: {
  kind: "joined" | "left" | "mention";
  actor: string;
  room: string;
  members: readonly string[];
  text: string;
}) => void;

const DEFAULT_HISTORY_LIMIT = 50;

/** The chat route's handlers and the hooks that go with them. */
export interface ChatRoomsApp {
  readonly handlers: ChatHandlers<ChatState>;
  /** A closed connection leaves its rooms, so the others see `left`. */
  onClose(ctx: ChatContext<ChatState>): void;
  /**
   * Sends a room's members here its member list whenever it changed, as
   * this node sees it: joins and leaves anywhere, and the lists of other
   * nodes arriving after a start or an outage.
   */
  onPresenceChange(change: PresenceChange<ChatServerEvents>): void;
}

/**
 * The demo chat: rooms with presence, messages kept in a bounded history, a
 * typing indicator, and notifications for joins, leaves and @mentions.
 */
export function createChatRooms(
  history: RoomHistory,
  notify: Notify,
): ChatRoomsApp {
  const leaveRoom = (ctx: ChatContext<ChatState>, room: string) => {
    ctx.leave(room);
    ctx.state.joined.delete(room);
    const user = userOf(ctx);
    ctx.broadcast.toRoom(room, "left", { room, user });
    notify({
      kind: "left",
      actor: user,
      room,
      members: membersOf(ctx, room),
      text: `${user} left #${room}`,
    });
  };
  const handlers: ChatHandlers<ChatState> = {
    join({ room }, ctx) {
      if (ctx.state.joined.has(room)) return;
      ctx.join(room);
      ctx.state.joined.add(room);
      const user = userOf(ctx);
      ctx.broadcast.toRoom(room, "joined", { room, user });
      notify({
        kind: "joined",
        actor: user,
        room,
        members: membersOf(ctx, room),
        text: `${user} joined #${room}`,
      });
    },
    leave({ room }, ctx) {
      if (ctx.state.joined.has(room)) leaveRoom(ctx, room);
    },
    say({ room, text }, ctx) {
      requireMember(ctx, room);
      const message: ChatMessage = {
        id: crypto.randomUUID(),
        room,
        user: userOf(ctx),
        text,
        sentAt: new Date().toISOString(),
      };
      history.add(message);
      ctx.broadcast.toRoom(room, "message", message);
      const mentioned = [...text.matchAll(/@([A-Za-z0-9_-]{1,40})/g)].map((
        match,
      ) => match[1]);
      if (mentioned.length > 0) {
        notify({
          kind: "mention",
          actor: message.user,
          room,
          members: mentioned,
          text: `${message.user} mentioned you in #${room}`,
        });
      }
    },
    typing({ room, active }, ctx) {
      requireMember(ctx, room);
      ctx.broadcast.toRoom(
        room,
        "typing",
        { room, user: userOf(ctx), active },
        { except: ctx.id },
      );
    },
    history({ room, limit }) {
      return { messages: history.latest(room, limit ?? DEFAULT_HISTORY_LIMIT) };
    },
  };
  return {
    handlers,
    onClose(ctx) {
      for (const room of [...ctx.state.joined]) leaveRoom(ctx, room);
    },
    onPresenceChange({ room, members, sendToLocalMembers }) {
      const counts = new Map<string, number>();
      for (const member of members) {
        const user = member.userId ?? "anonymous";
        counts.set(user, (counts.get(user) ?? 0) + 1);
      }
      const users: Member[] = [...counts]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([user, connections]) => ({ user, connections }));
      sendToLocalMembers("presence", { room, members: users });
    },
  };
}

function membersOf(ctx: ChatContext<ChatState>, room: string): string[] {
  return [...new Set(ctx.broadcast.presence(room).map((m) => m.userId ?? ""))]
    .filter(Boolean);
}

function requireMember(ctx: ChatContext<ChatState>, room: string): void {
  if (!ctx.state.joined.has(room)) {
    throw new ProtocolError(
      ErrorCode.Forbidden,
      `join #${room} before posting to it`,
    );
  }
}

function userOf(ctx: ChatContext<ChatState>): string {
  return ctx.userId ?? "anonymous";
}
