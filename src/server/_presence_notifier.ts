import type { Presence } from "../fanout/fanout.ts";
import { encodeEnvelope } from "../wire/envelope.ts";
import type { EventMap } from "./connection.ts";
import type { Logger } from "./logger.ts";
import type { PresenceChange } from "./presence_change.ts";
import type { RouteHub } from "./_route_hub.ts";
import { utf8ByteLength } from "./_utf8.ts";

/** What a route's presence notifier needs. */
export interface PresenceNotifierParts {
  readonly path: string;
  readonly hub: RouteHub;
  readonly presence: Presence;
  readonly logger: Logger;
  readonly onPresenceChange: (change: PresenceChange<EventMap>) => void;
}

/**
 * Turns the fan-out's per-room change reports into calls of a route's
 * `onPresenceChange`: rooms reported in the same turn (a node's whole
 * snapshot, a connection closing in several rooms) are handed over once
 * each, at the end of the turn, and only rooms with members on this node.
 * Returns the function that takes a report.
 */
export function createPresenceNotifier(
  parts: PresenceNotifierParts,
): (room: string) => void {
  const { path, hub, presence, logger, onPresenceChange } = parts;
  const pending = new Set<string>();
  const flush = () => {
    const rooms = [...pending];
    pending.clear();
    for (const room of rooms) {
      if (hub.roomSize(room) === 0) continue;
      try {
        onPresenceChange({
          room,
          members: presence.members(path, room),
          sendToLocalMembers(event, data) {
            const payload = encodeEnvelope(event, data);
            hub.deliver(
              { kind: "room", room },
              payload,
              utf8ByteLength(payload),
            );
          },
        });
      } catch (error) {
        logger.log({
          kind: "server_error",
          message: `onPresenceChange of ${path} threw for room ${room}`,
          error,
        });
      }
    }
  };
  return (room) => {
    if (pending.size === 0) queueMicrotask(flush);
    pending.add(room);
  };
}
