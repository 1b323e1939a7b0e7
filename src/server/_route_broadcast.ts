import type { Broadcast, EventMap } from "./connection.ts";
import type { DeliveryTarget, Fanout } from "../fanout/fanout.ts";
import { encodeEnvelope } from "../wire/envelope.ts";
import type { RouteHub } from "./_route_hub.ts";
import { utf8ByteLength } from "./_utf8.ts";

/**
 * The {@link Broadcast} of one route: serialises each message once, sends
 * that string to the local receivers through the hub, and publishes it to
 * the other nodes through the fan-out (unless every receiver is known to be
 * local).
 *
 * @example
 * ```ts
 * const broadcast = createRouteBroadcast("/chat", hub, fanout);
 * broadcast.toRoom("general", "joined", { room: "general", user: "bob" });
 * ```
 */
export function createRouteBroadcast(
  path: string,
  hub: RouteHub,
  fanout: Fanout,
): Broadcast<EventMap> {
  const send = (target: DeliveryTarget, event: string, data: unknown) => {
    const payload = encodeEnvelope(event, data);
    hub.deliver(target, payload, utf8ByteLength(payload));
    // A connection id names one connection in the cluster: if it is here,
    // nobody else needs the message.
    if (target.kind === "connection" && hub.has(target.connectionId)) return;
    fanout.publish({ route: path, target, payload });
  };
  return {
    toConnection(connectionId, event, data) {
      send({ kind: "connection", connectionId }, event, data);
    },
    toUser(userId, event, data) {
      send({ kind: "user", userId }, event, data);
    },
    toRoom(room, event, data, options) {
      const except = options?.except;
      send(
        except === undefined
          ? { kind: "room", room }
          : { kind: "room", room, exceptConnectionId: except },
        event,
        data,
      );
    },
    toAll(event, data) {
      send({ kind: "all" }, event, data);
    },
    presence(room) {
      return fanout.presence.members(path, room);
    },
  };
}
