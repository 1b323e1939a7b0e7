/** @jsxImportSource react */
/** @jsxImportSourceTypes @types/react */
import { useEffect, useState } from "react";
import type { NotificationsClient } from "../../../protocol/gen/notifications_client.ts";
import type { Notification } from "../../../protocol/gen/notifications_protocol.ts";
import { useEvent } from "@wiretype/wiretype/react";

/** Newest first, without duplicates. */
function merge(
  old: readonly Notification[],
  added: readonly Notification[],
): Notification[] {
  const byId = new Map(old.map((note) => [note.id, note]));
  for (const note of added) byId.set(note.id, note);
  return [...byId.values()].sort((a, b) =>
    b.createdAt.localeCompare(a.createdAt)
  );
}

/**
 * Notifications pushed to this user; each is acknowledged with a click so
 * the server stops delivering it. Unacknowledged ones are fetched again
 * after every (re)connect.
 */
export function NotificationList(
  { notifications, isOpen }: {
    notifications: NotificationsClient;
    isOpen: boolean;
  },
) {
  const [items, setItems] = useState<Notification[]>([]);
  useEvent(
    notifications,
    "notification",
    (note) => setItems((old) => merge(old, [note])),
  );
  useEffect(() => {
    if (!isOpen) return;
    notifications.pending({ limit: 20 }).then(
      (answer) => setItems((old) => merge(old, answer.notifications)),
      (error) => console.warn("pending notifications:", error),
    );
  }, [notifications, isOpen]);

  const acknowledge = (id: string) => {
    notifications.ack({ id });
    setItems((old) => old.filter((note) => note.id !== id));
  };
  return (
    <ul className="notifications" data-testid="notifications">
      {items.length === 0 && <li className="empty">No notifications</li>}
      {items.map((note) => (
        <li key={note.id} className={note.kind}>
          {note.text}
          <button
            type="button"
            data-testid="ack"
            onClick={() => acknowledge(note.id)}
          >
            ✓
          </button>
        </li>
      ))}
    </ul>
  );
}
