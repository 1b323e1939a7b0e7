import type { Delivery, DeliveryPosition, DeliveryTarget } from "./fanout.ts";
import type { PresenceDigest, PresenceEntry } from "./_membership.ts";

/** What nodes tell each other. */
export type NodeMessageBody =
  | {
    readonly kind: "delivery";
    /** The origin's count of deliveries before this one, so receivers can count lost deliveries apart from other messages. */
    readonly deliverySeq: number;
    readonly delivery: Delivery;
  }
  | { readonly kind: "join" | "leave"; readonly entry: PresenceEntry }
  /** A sign of life with the digest of the origin's members, not the list. */
  | { readonly kind: "heartbeat"; readonly digest: PresenceDigest }
  /** The origin's full member list: an answer to hello or sync. */
  | { readonly kind: "snapshot"; readonly entries: readonly PresenceEntry[] }
  /** A digest did not match: node `nodeId` is asked for a snapshot. */
  | { readonly kind: "sync"; readonly nodeId: string }
  /** A node started or reconnected: the others answer with a snapshot. */
  | { readonly kind: "hello" }
  /** A node is shutting down: the others forget its members at once. */
  | { readonly kind: "bye" };

/**
 * A message with its origin, so a node can drop its own echoes (Redis hands
 * a publisher its own messages back), and the origin's sequence number, so
 * a receiver can count the messages it missed.
 */
export interface NodeMessage {
  readonly origin: string;
  readonly seq: number;
  readonly body: NodeMessageBody;
}

/**
 * Bumped on an incompatible change, so mixed versions during a rolling
 * deploy ignore each other (counted as malformed). 2: heartbeats carry a
 * digest instead of the member list; deliveries carry their own sequence.
 */
const FORMAT_VERSION = 2;

/**
 * Encodes a message as one JSON header line. A delivery's payload follows
 * the header after a newline, as is: it is already a serialised envelope,
 * so it is neither escaped nor parsed again on the way, and each receiving
 * node slices it out once and hands the same string to all its receivers.
 */
export function encodeNodeMessage(
  origin: string,
  seq: number,
  body: NodeMessageBody,
): string {
  if (body.kind !== "delivery") {
    return JSON.stringify({ v: FORMAT_VERSION, origin, seq, ...body });
  }
  const { route, target, payload, position } = body.delivery;
  return JSON.stringify({
    v: FORMAT_VERSION,
    origin,
    seq,
    kind: "delivery",
    deliverySeq: body.deliverySeq,
    route,
    target,
    position,
  }) + "\n" + payload;
}

/**
 * Decodes a message from another node, or returns undefined if it is not a
 * well-formed message of this format (a foreign publisher on the same
 * channel, or another version of wiretype).
 */
export function decodeNodeMessage(text: string): NodeMessage | undefined {
  // JSON.stringify never emits a raw newline, so the first one ends the header.
  const newline = text.indexOf("\n");
  let header: unknown;
  try {
    header = JSON.parse(newline === -1 ? text : text.slice(0, newline));
  } catch {
    return undefined;
  }
  if (!isRecord(header) || header.v !== FORMAT_VERSION) return undefined;
  const { origin, seq } = header;
  if (!isNonEmptyString(origin) || !isSequenceNumber(seq)) {
    return undefined;
  }
  const body = decodeBody(
    header,
    newline === -1 ? undefined : text.slice(newline + 1),
  );
  return body && { origin, seq, body };
}

function decodeBody(
  header: Record<string, unknown>,
  payload: string | undefined,
): NodeMessageBody | undefined {
  const kind = header.kind;
  switch (kind) {
    case "delivery": {
      const target = toTarget(header.target);
      const { deliverySeq, route } = header;
      if (
        payload === undefined || typeof route !== "string" || !target ||
        !isSequenceNumber(deliverySeq)
      ) {
        return undefined;
      }
      if (header.position === undefined) {
        return { kind, deliverySeq, delivery: { route, target, payload } };
      }
      const position = toPosition(header.position);
      return position && {
        kind,
        deliverySeq,
        delivery: { route, target, payload, position },
      };
    }
    case "join":
    case "leave": {
      const entry = toEntry(header.entry);
      return entry && { kind, entry };
    }
    case "heartbeat": {
      const { digest } = header;
      if (
        !isRecord(digest) || !isSequenceNumber(digest.count) ||
        typeof digest.hash !== "string"
      ) {
        return undefined;
      }
      return { kind, digest: { count: digest.count, hash: digest.hash } };
    }
    case "snapshot": {
      if (!Array.isArray(header.entries)) return undefined;
      const entries = header.entries.map(toEntry);
      return entries.every((entry) => entry !== undefined)
        ? { kind, entries: entries as PresenceEntry[] }
        : undefined;
    }
    case "sync":
      return isNonEmptyString(header.nodeId)
        ? { kind, nodeId: header.nodeId }
        : undefined;
    case "hello":
    case "bye":
      return { kind };
    default:
      return undefined;
  }
}

function toTarget(value: unknown): DeliveryTarget | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.kind) {
    case "connection":
      return isNonEmptyString(value.connectionId)
        ? { kind: "connection", connectionId: value.connectionId }
        : undefined;
    case "user":
      return isNonEmptyString(value.userId)
        ? { kind: "user", userId: value.userId }
        : undefined;
    case "room": {
      const { room, exceptConnectionId: except } = value;
      if (typeof room !== "string") return undefined;
      if (except === undefined) return { kind: "room", room };
      return isNonEmptyString(except)
        ? { kind: "room", room, exceptConnectionId: except }
        : undefined;
    }
    case "all":
      return { kind: "all" };
    default:
      return undefined;
  }
}

function toPosition(value: unknown): DeliveryPosition | undefined {
  if (!isRecord(value)) return undefined;
  const { stream, offset } = value;
  return isNonEmptyString(stream) && isSequenceNumber(offset)
    ? { stream, offset }
    : undefined;
}

function toEntry(value: unknown): PresenceEntry | undefined {
  if (!isRecord(value)) return undefined;
  const { route, room, connectionId, userId } = value;
  if (
    typeof route !== "string" || typeof room !== "string" ||
    !isNonEmptyString(connectionId)
  ) {
    return undefined;
  }
  if (userId === undefined) return { route, room, connectionId };
  return typeof userId === "string"
    ? { route, room, connectionId, userId }
    : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSequenceNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) &&
    value >= 0;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}
