/**
 * The demo notifications protocol, served at `/notifications`: the server
 * pushes notifications, the client acknowledges each one so it is not
 * delivered again, and may ask for those still unacknowledged.
 *
 * @module
 */
import type { Protocol, Rpc } from "@wiretype/wiretype/define";

/** What a notification is about; the client picks an icon from it. */
export type NotificationKind = "joined" | "left" | "mention" | "system";

/** One notification addressed to a user. */
export interface Notification {
  /** @format uuid */
  id: string;
  kind: NotificationKind;
  /** @maxLength 500 */
  text: string;
  /** The room it concerns, if any. */
  room: string | null;
  /** @format date-time */
  createdAt: string;
}

/** Notifications pushed to users, acknowledged one by one. */
export interface Notifications extends Protocol<"/notifications"> {
  client: {
    /** Mark a notification as seen; it will not be delivered again. */
    ack: {
      /** @format uuid */
      id: string;
    };
    /** Notifications not yet acknowledged, newest first. */
    pending: Rpc<{
      /** @integer @minimum 1 @maximum 100 */
      limit?: number;
    }, { notifications: Notification[] }>;
  };
  server: {
    /** A new notification. */
    notification: Notification;
  };
}
