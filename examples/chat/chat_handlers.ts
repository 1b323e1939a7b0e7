import { ErrorCode, ProtocolError } from "@wiretype/wiretype";
import type {
  ChatContext,
  ChatHandlers,
} from "../../protocol/gen/chat_server.ts";
import type { ChatMessage, Member } from "../../protocol/gen/chat_protocol.ts";
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
/**
 * Presence replicates between nodes asynchronously, so a list computed at a
 * join can miss a join on another node made a moment before. Each room's
 * list is sent again once after this delay, when replication has settled.
 */
const PRESENCE_SETTLE_MS = 250;

/** The chat route's handlers and the `onClose` hook that goes with them. */
export interface ChatRoomsApp {
  readonly handlers: ChatHandlers<ChatState>;
  /** A closed connection leaves its rooms, so the others see `left` and a fresh presence list. */
  onClose(ctx: ChatContext<ChatState>): void;
}

/**
 * The demo chat: rooms with presence, messages kept in a bounded history, a
 * typing indicator, and notifications for joins, leaves and @mentions.
 */
export function createChatRooms(
  history: RoomHistory,
  notify: Notify,
): ChatRoomsApp {
  const settling = new Set<string>();
  const announcePresence = (ctx: ChatContext<ChatState>, room: string) => {
    sendPresence(ctx, room);
    if (settling.has(room)) return;
    settling.add(room);
    const timer = setTimeout(() => {
      settling.delete(room);
      sendPresence(ctx, room);
    }, PRESENCE_SETTLE_MS);
    Deno.unrefTimer(timer);
  };
  const leaveRoom = (ctx: ChatContext<ChatState>, room: string) => {
    ctx.leave(room);
    ctx.state.joined.delete(room);
    const user = userOf(ctx);
    ctx.broadcast.toRoom(room, "left", { room, user });
    announcePresence(ctx, room);
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
      announcePresence(ctx, room);
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
  };
}

function sendPresence(ctx: ChatContext<ChatState>, room: string): void {
  const counts = new Map<string, number>();
  for (const member of ctx.broadcast.presence(room)) {
    const user = member.userId ?? "anonymous";
    counts.set(user, (counts.get(user) ?? 0) + 1);
  }
  const members: Member[] = [...counts].sort(([a], [b]) => a.localeCompare(b))
    .map(([user, connections]) => ({ user, connections }));
  ctx.broadcast.toRoom(room, "presence", { room, members });
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
