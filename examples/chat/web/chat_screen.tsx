/** @jsxImportSource react */
/** @jsxImportSourceTypes @types/react */
import { type FormEvent, useEffect, useState } from "react";
import { useSocket } from "@wiretype/wiretype/react";
import { ConnectionBadge } from "./connection_badge.tsx";
import { NotificationList } from "./notification_list.tsx";
import { PresenceList } from "./presence_list.tsx";
import { RoomPanel } from "./room_panel.tsx";
import type { Session } from "./session.ts";
import { useChatRooms } from "./use_chat_rooms.ts";

const FIRST_ROOM = "general";
const ROOM_NAME = /^[a-z0-9-]{1,32}$/;

/** The signed-in page: rooms, the active room, presence and notifications. */
export function ChatScreen({ session }: { session: Session }) {
  const { chat, notifications, name } = session;
  const chatState = useSocket(chat);
  const notificationState = useSocket(notifications);
  const { rooms, join, leave } = useChatRooms(
    chat,
    name,
    chatState.kind === "open",
  );
  const [active, setActive] = useState(FIRST_ROOM);
  const [newRoom, setNewRoom] = useState("");
  useEffect(() => join(FIRST_ROOM), [join]);

  useEffect(() => {
    // A browser coming back online should not wait for the backoff delay.
    const retry = () => {
      chat.retryNow();
      notifications.retryNow();
    };
    addEventListener("online", retry);
    return () => removeEventListener("online", retry);
  }, [chat, notifications]);

  const openRoom = (event: FormEvent) => {
    event.preventDefault();
    if (!ROOM_NAME.test(newRoom)) return;
    join(newRoom);
    setActive(newRoom);
    setNewRoom("");
  };
  const view = rooms[active];
  return (
    <div className="screen">
      <header>
        <strong>wiretype chat</strong>
        <span data-testid="me">signed in as {name}</span>
        <ConnectionBadge
          label="chat"
          state={chatState}
          onRetry={() => chat.retryNow()}
        />
        <ConnectionBadge
          label="notifications"
          state={notificationState}
          onRetry={() => notifications.retryNow()}
        />
        <em className="note">development only: anyone can sign in as anyone</em>
      </header>
      <nav>
        <h2>Rooms</h2>
        <ul className="rooms">
          {Object.keys(rooms).map((room) => (
            <li key={room} className={room === active ? "active" : ""}>
              <button
                type="button"
                onClick={() =>
                  setActive(room)}
              >
                #{room}
              </button>
              {room !== FIRST_ROOM && (
                <button
                  type="button"
                  title={`leave #${room}`}
                  onClick={() => {
                    leave(room);
                    setActive(FIRST_ROOM);
                  }}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
        <form onSubmit={openRoom}>
          <input
            data-testid="new-room"
            value={newRoom}
            placeholder="join a room"
            onChange={(event) => setNewRoom(event.target.value.toLowerCase())}
          />
        </form>
        <h2>In #{active}</h2>
        <PresenceList members={view?.members ?? []} />
      </nav>
      <main>
        {view && <RoomPanel chat={chat} room={active} view={view} />}
      </main>
      <aside>
        <h2>Notifications</h2>
        <NotificationList
          notifications={notifications}
          isOpen={notificationState.kind === "open"}
        />
      </aside>
    </div>
  );
}
