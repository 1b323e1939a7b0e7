import type { Delivery, DeliveryTarget } from "./fanout.ts";
import type { PresenceEntry } from "./presence_table.ts";

/**
 * What nodes tell each other. Every message names its origin, so a node can
 * drop its own echoes (Redis hands a publisher its own messages back).
 */
export type NodeMessage =
  | {
    readonly kind: "delivery";
    readonly origin: string;
    readonly delivery: Delivery;
  }
  | {
    readonly kind: "join";
    readonly origin: string;
    readonly entry: PresenceEntry;
  }
  | {
    readonly kind: "leave";
    readonly origin: string;
    readonly entry: PresenceEntry;
  }
  | {
    readonly kind: "heartbeat";
    readonly origin: string;
    readonly entries: readonly PresenceEntry[];
  }
  /** A node started or reconnected: the others answer with a heartbeat. */
  | { readonly kind: "hello"; readonly origin: string }
  /** A node is shutting down: the others forget its members at once. */
  | { readonly kind: "bye"; readonly origin: string };

/** Bumped on an incompatible change, so mixed versions during a rolling deploy ignore each other. */
const FORMAT_VERSION = 1;

/**
 * Encodes a delivery as a JSON header line followed by the payload as is.
 * The payload is already a serialised envelope, so it is neither escaped nor
 * parsed again on the way: each receiving node slices it out once and hands
 * the same string to all its local receivers.
 */
export function encodeDelivery(origin: string, delivery: Delivery): string {
  return JSON.stringify({
    v: FORMAT_VERSION,
    kind: "delivery",
    origin,
    route: delivery.route,
    target: delivery.target,
  }) + "\n" + delivery.payload;
}

/** Encodes any message but a delivery as one JSON line. */
export function encodeControl(
  message: Exclude<NodeMessage, { kind: "delivery" }>,
): string {
  return JSON.stringify({ v: FORMAT_VERSION, ...message });
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
  const { kind, origin } = header;
  if (!isNonEmptyString(origin)) return undefined;
  switch (kind) {
    case "delivery": {
      const target = toTarget(header.target);
      if (newline === -1 || typeof header.route !== "string" || !target) {
        return undefined;
      }
      const payload = text.slice(newline + 1);
      return {
        kind,
        origin,
        delivery: { route: header.route, target, payload },
      };
    }
    case "join":
    case "leave": {
      const entry = toEntry(header.entry);
      return entry && { kind, origin, entry };
    }
    case "heartbeat": {
      if (!Array.isArray(header.entries)) return undefined;
      const entries = header.entries.map(toEntry);
      return entries.every((entry) => entry !== undefined)
        ? { kind, origin, entries: entries as PresenceEntry[] }
        : undefined;
    }
    case "hello":
    case "bye":
      return { kind, origin };
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

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}
