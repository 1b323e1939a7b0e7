import { useCallback, useEffect, useRef, useState } from "react";
import type { ChatClient } from "../../../protocol/gen/chat_client.ts";
import type {
  ChatMessage,
  Member,
} from "../../../protocol/gen/chat_protocol.ts";
import { useEvent, useRecovery } from "@wiretype/wiretype/react";

/** What the page shows of one joined room. */
export interface RoomView {
  readonly messages: readonly ChatMessage[];
  /** Who is typing right now, besides me. */
  readonly typing: readonly string[];
  readonly members: readonly Member[];
}

const EMPTY_ROOM: RoomView = { messages: [], typing: [], members: [] };
const MAX_MESSAGES = 200;

/** Adds messages by id, oldest first, without duplicates. */
function merge(
  old: readonly ChatMessage[],
  added: readonly ChatMessage[],
): ChatMessage[] {
  const byId = new Map(old.map((message) => [message.id, message]));
  for (const message of added) byId.set(message.id, message);
  return [...byId.values()]
    .sort((a, b) => a.sentAt.localeCompare(b.sentAt))
    .slice(-MAX_MESSAGES);
}

/**
 * The joined rooms and their messages, typing users and members, kept up to
 * date from the chat's events. A room's history is fetched once it is joined
 * and the connection is open; after that, only when the client reports that
 * the room lost messages for good (a reconnect the server could not recover,
 * or a reconnect to a server that keeps no history). A recovered reconnect
 * already delivered what this tab missed, in order, as ordinary events.
 */
export function useChatRooms(chat: ChatClient, me: string, isOpen: boolean) {
  const [rooms, setRooms] = useState<Record<string, RoomView>>({});
  const update = useCallback(
    (room: string, change: (view: RoomView) => RoomView) =>
      setRooms((old) =>
        room in old ? { ...old, [room]: change(old[room]) } : old
      ),
    [],
  );
  const loadHistory = useCallback((room: string) => {
    chat.history({ room, limit: 50 }).then(
      ({ messages }) =>
        update(room, (view) => ({
          ...view,
          messages: merge(view.messages, messages),
        })),
      (error) => console.warn(`history of ${room}:`, error),
    );
  }, [chat, update]);

  useEvent(chat, "message", (message) =>
    update(message.room, (view) => ({
      ...view,
      messages: merge(view.messages, [message]),
      typing: view.typing.filter((user) => user !== message.user),
    })));
  useEvent(chat, "typing", ({ room, user, active }) => {
    if (user === me) return;
    update(room, (view) => ({
      ...view,
      typing: active
        ? [...new Set([...view.typing, user])]
        : view.typing.filter((name) => name !== user),
    }));
  });
  useEvent(
    chat,
    "presence",
    ({ room, members }) => update(room, (view) => ({ ...view, members })),
  );

  useRecovery(chat, ({ reason, streams }) => {
    for (const room of Object.keys(rooms)) {
      const outcome = streams[`room:${room}`];
      if (outcome?.recovered === true) continue;
      // After a reconnect, a room the client had no position in (the server
      // keeps no history) lost whatever was said meanwhile too.
      if (outcome === undefined && reason !== "reconnect") continue;
      loadHistory(room);
    }
  });

  /** Rooms whose history was fetched since they were joined. */
  const loaded = useRef(new Set<string>());
  const roomNames = Object.keys(rooms).join(",");
  useEffect(() => {
    if (!isOpen) return;
    for (const room of roomNames.split(",").filter(Boolean)) {
      if (loaded.current.has(room)) continue;
      loaded.current.add(room);
      loadHistory(room);
    }
  }, [isOpen, roomNames, loadHistory]);

  const join = useCallback((room: string) => {
    setRooms((old) => room in old ? old : { ...old, [room]: EMPTY_ROOM });
    chat.join({ room });
  }, [chat]);
  const leave = useCallback((room: string) => {
    chat.leave({ room });
    loaded.current.delete(room);
    setRooms((old) => {
      const { [room]: _left, ...rest } = old;
      return rest;
    });
  }, [chat]);
  return { rooms, join, leave };
}
