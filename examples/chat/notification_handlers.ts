import type { NotificationsHandlers } from "../../protocol/gen/notifications_server.ts";
import type {
  Notification,
  NotificationKind,
} from "../../protocol/gen/notifications_protocol.ts";
import type { Route } from "@wiretype/wiretype";
import type { NotificationsServerEvents } from "../../protocol/gen/notifications_protocol.ts";

const MAX_PENDING_PER_USER = 100;

/**
 * Notifications per user, kept until acknowledged (at most 100 each, the
 * oldest dropped first), pushed to every connection of the user on the
 * /notifications route.
 */
export class NotificationCenter {
  readonly #pending = new Map<string, Notification[]>();
  #route: Route<NotificationsServerEvents> | undefined;

  /** Where to push; set once the route exists. */
  bind(route: Route<NotificationsServerEvents>): void {
    this.#route = route;
  }

  /** Records a notification for `userId` and pushes it to their connections. */
  notify(
    userId: string,
    kind: NotificationKind,
    text: string,
    room: string | null,
  ): void {
    const notification: Notification = {
      id: crypto.randomUUID(),
      kind,
      text: text.slice(0, 500),
      room,
      createdAt: new Date().toISOString(),
    };
    const pending = this.#pending.get(userId) ?? [];
    pending.push(notification);
    if (pending.length > MAX_PENDING_PER_USER) pending.shift();
    this.#pending.set(userId, pending);
    this.#route?.broadcast.toUser(userId, "notification", notification);
  }

  /** The handlers of the /notifications route. */
  handlers(): NotificationsHandlers {
    return {
      ack: ({ id }, ctx) => {
        const userId = ctx.userId;
        if (userId === undefined) return;
        const pending = this.#pending.get(userId);
        if (pending === undefined) return;
        const remaining = pending.filter((n) => n.id !== id);
        if (remaining.length === 0) this.#pending.delete(userId);
        else this.#pending.set(userId, remaining);
      },
      pending: ({ limit }, ctx) => {
        const all = ctx.userId === undefined
          ? []
          : this.#pending.get(ctx.userId) ?? [];
        return { notifications: all.slice(-(limit ?? 20)).reverse() };
      },
    };
  }
}
