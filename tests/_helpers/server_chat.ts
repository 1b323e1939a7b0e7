/**
 * Chat handlers for server tests, on the generated `chatRoute`: rooms,
 * messages to the room (sender included), typing to the others, presence on
 * every change, and a history RPC. Two texts misbehave on purpose: `throw`
 * makes `say` throw an Error, `forbidden` a ProtocolError. A test that needs
 * a slow handler overrides one and holds it on a promise it resolves itself.
 *
 * @module
 */
import { ErrorCode, ProtocolError } from "../../src/wire/protocol_error.ts";
import type { ChatMessage, Member } from "../../protocol/gen/chat_protocol.ts";
import {
  type ChatContext,
  type ChatHandlers,
  chatRoute,
} from "../../protocol/gen/chat_server.ts";
import type { RouteOptions } from "@wiretype/wiretype/server";
import type { ChatServerEvents } from "../../protocol/gen/chat_protocol.ts";

/**
 * A served-ready chat route with test handlers.
 *
 * @example
 * ```ts
 * const served = await serveForTest({ routes: [testChatRoute()] });
 * ```
 */
export function testChatRoute(
  routeOptions?: RouteOptions<ChatServerEvents>,
) {
  return chatRoute(chatHandlers(), routeOptions);
}

/**
 * The test chat handlers.
 *
 * @example
 * ```ts
 * const route = chatRoute(chatHandlers());
 * ```
 */
export function chatHandlers<
  State extends object = Record<string, unknown>,
>(): ChatHandlers<State> {
  const history = new Map<string, ChatMessage[]>();
  const userOf = (ctx: ChatContext<State>) =>
    ctx.userId ?? `guest-${ctx.id.slice(0, 8)}`;
  const sendPresence = (ctx: ChatContext<State>, room: string) => {
    const counts = new Map<string, number>();
    for (const member of ctx.broadcast.presence(room)) {
      const user = member.userId ?? `guest-${member.connectionId.slice(0, 8)}`;
      counts.set(user, (counts.get(user) ?? 0) + 1);
    }
    const members: Member[] = [...counts].map(([user, connections]) => ({
      user,
      connections,
    }));
    ctx.broadcast.toRoom(room, "presence", { room, members });
  };
  return {
    join({ room }, ctx) {
      ctx.join(room);
      ctx.broadcast.toRoom(room, "joined", { room, user: userOf(ctx) });
      sendPresence(ctx, room);
    },
    leave({ room }, ctx) {
      if (!ctx.rooms.has(room)) return;
      ctx.broadcast.toRoom(room, "left", { room, user: userOf(ctx) });
      ctx.leave(room);
      sendPresence(ctx, room);
    },
    say({ room, text }, ctx) {
      if (text === "throw") throw new Error("a handler bug, on purpose");
      if (text === "forbidden") {
        throw new ProtocolError(ErrorCode.Forbidden, "not in this room");
      }
      const message: ChatMessage = {
        id: crypto.randomUUID(),
        room,
        user: userOf(ctx),
        text,
        sentAt: new Date().toISOString(),
      };
      const lines = history.get(room) ?? [];
      lines.push(message);
      history.set(room, lines.slice(-100));
      ctx.broadcast.toRoom(room, "message", message);
    },
    typing({ room, active }, ctx) {
      ctx.broadcast.toRoom(
        room,
        "typing",
        { room, user: userOf(ctx), active },
        {
          except: ctx.id,
        },
      );
    },
    history({ room, limit }) {
      // Answered a turn later, as a handler that reads a store would be.
      return Promise.resolve({
        messages: (history.get(room) ?? []).slice(-(limit ?? 50)),
      });
    },
  };
}
