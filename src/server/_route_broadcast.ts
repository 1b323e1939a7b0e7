import type { Broadcast, EventMap } from "./connection.ts";
import type {
  DeliveryPosition,
  DeliveryTarget,
  Fanout,
} from "../fanout/fanout.ts";
import { encodeEnvelope, ReservedType } from "../wire/envelope.ts";
import { withPosition } from "../wire/publication.ts";
import type { RouteHistory } from "./_route_history.ts";
import type { RouteHub } from "./_route_hub.ts";
import { utf8ByteLength } from "./_utf8.ts";

/**
 * The {@link Broadcast} of one route: serialises each message once, sends
 * that string to the local receivers through the hub, and publishes it to
 * the other nodes through the fan-out (unless every receiver is known to be
 * local). On a route with history, a room's or a user's publication is
 * recorded first and goes out with its position (stream, offset, epoch);
 * publications of one stream go out in the order they were recorded.
 */
export function createRouteBroadcast(
  path: string,
  hub: RouteHub,
  fanout: Fanout,
  history: RouteHistory | undefined,
): Broadcast<EventMap> {
  const deliver = (
    target: DeliveryTarget,
    payload: string,
    position?: DeliveryPosition,
  ) => {
    hub.deliver(target, payload, utf8ByteLength(payload), position);
    // A connection id names one connection in the cluster: if it is here,
    // nobody else needs the message.
    if (target.kind === "connection" && hub.has(target.connectionId)) return;
    fanout.publish(
      position === undefined
        ? { route: path, target, payload }
        : { route: path, target, payload, position },
    );
  };
  const send = (target: DeliveryTarget, event: string, data: unknown) => {
    const envelope = encodeEnvelope(event, data);
    const stream = streamOf(target);
    if (
      history === undefined || stream === undefined || !history.records(event)
    ) {
      deliver(target, envelope);
      return;
    }
    history.publish(stream, envelope, (position) => {
      if (position === undefined) return deliver(target, envelope);
      deliver(target, withPosition(envelope, { stream, ...position }), {
        stream,
        offset: position.offset,
      });
      if (target.kind === "room" && target.exceptConnectionId !== undefined) {
        // The sender left out still has to know the offset was used.
        const skipped = encodeEnvelope(ReservedType.Position, {
          stream,
          ...position,
          skipped: true,
        });
        deliver(
          { kind: "connection", connectionId: target.exceptConnectionId },
          skipped,
        );
      }
    });
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

/** The stream a target's publications belong to; none for one connection or everyone. */
export function streamOf(target: DeliveryTarget): string | undefined {
  switch (target.kind) {
    case "room":
      return `room:${target.room}`;
    case "user":
      return `user:${target.userId}`;
    default:
      return undefined;
  }
}
