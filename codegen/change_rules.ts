/**
 * The rules that class a protocol change, per direction. "Clients send" are
 * client messages and RPC requests: old clients must still be able to send
 * all they could (Confluent's BACKWARD: the new reader reads old data).
 * "Server sends" are events and RPC answers: old clients must still accept
 * them (FORWARD: old readers read new data), and they ignore event types and
 * fields they do not know. Names follow buf's breaking rules; the three
 * classes, graphql-inspector's.
 *
 * @module
 */

/** How a change affects clients generated before it. */
export type Severity = "safe" | "dangerous" | "breaking";

/** Who sends the data a change touches: clients (messages, RPC requests) or the server (events, answers). */
export type Direction = "client" | "server";

/** A rule: its class in each direction it applies to, and why. */
export interface ChangeRule {
  readonly client?: Severity;
  readonly server?: Severity;
  /** Why, in one sentence, for reports and docs/PROTOCOL.md. */
  readonly why: string;
  /** For a rule that can break: the compatible way to get the same result. */
  readonly instead?: string;
}

/** The name of a rule in {@link CHANGE_RULES}. */
export type RuleName =
  | "PATH_CHANGED"
  | "MESSAGE_ADDED"
  | "MESSAGE_REMOVED"
  | "RPC_ADDED"
  | "RPC_REMOVED"
  | "REPLAY_CHANGED"
  | "EVENT_ADDED"
  | "EVENT_REMOVED"
  | "FIELD_ADDED_OPTIONAL"
  | "FIELD_ADDED_REQUIRED"
  | "FIELD_REMOVED_OPTIONAL"
  | "FIELD_REMOVED_REQUIRED"
  | "FIELD_MADE_REQUIRED"
  | "FIELD_MADE_OPTIONAL"
  | "TYPE_CHANGED"
  | "TYPE_NARROWED"
  | "TYPE_WIDENED"
  | "LITERAL_ADDED"
  | "LITERAL_REMOVED"
  | "VARIANT_ADDED"
  | "VARIANT_REMOVED"
  | "CONSTRAINT_TIGHTENED"
  | "CONSTRAINT_LOOSENED"
  | "CONSTRAINT_CHANGED";

/**
 * Every rule, by name. The table in docs/PROTOCOL.md ("Evolving a
 * protocol") lists the same.
 *
 * @example Usage
 * ```ts
 * import { CHANGE_RULES } from "./change_rules.ts";
 *
 * CHANGE_RULES.FIELD_ADDED_REQUIRED.client; // "breaking"
 * ```
 */
export const CHANGE_RULES: Readonly<Record<RuleName, ChangeRule>> = {
  PATH_CHANGED: {
    client: "breaking",
    server: "breaking",
    why: "old clients connect to the old path",
    instead: "serve a second protocol at the new path and keep the old one",
  },
  MESSAGE_ADDED: { client: "safe", why: "old clients do not send it" },
  MESSAGE_REMOVED: {
    client: "breaking",
    why: "old clients still send it and get unknown_type",
    instead: "keep the message; its handler may ignore it",
  },
  RPC_ADDED: { client: "safe", why: "old clients do not call it" },
  RPC_REMOVED: {
    client: "breaking",
    why: "old clients still call it and get unknown_type",
    instead: "keep the RPC; its handler may throw a ProtocolError",
  },
  REPLAY_CHANGED: {
    client: "safe",
    why: "@replay and @forgets only change what a client re-sends",
  },
  EVENT_ADDED: {
    server: "safe",
    why: "old clients ignore event types they do not know",
  },
  EVENT_REMOVED: {
    server: "dangerous",
    why: "old clients wait for an event that no longer comes",
  },
  FIELD_ADDED_OPTIONAL: {
    client: "safe",
    server: "safe",
    why: "old clients do not send it, and ignore it when it comes",
  },
  FIELD_ADDED_REQUIRED: {
    client: "breaking",
    server: "safe",
    why: "old clients do not send it; they ignore it when it comes",
    instead: "make the field optional (`name?: T`)",
  },
  FIELD_REMOVED_OPTIONAL: {
    client: "breaking",
    server: "safe",
    why: "old clients may still send it, and the server refuses unknown fields",
    instead: "keep the field; the handler may ignore it",
  },
  FIELD_REMOVED_REQUIRED: {
    client: "breaking",
    server: "breaking",
    why: "old clients still send it, and still require it",
    instead: "keep the field",
  },
  FIELD_MADE_REQUIRED: {
    client: "breaking",
    server: "safe",
    why: "old clients may leave it out",
    instead: "keep the field optional",
  },
  FIELD_MADE_OPTIONAL: {
    client: "safe",
    server: "breaking",
    why: "old clients require it",
    instead: "keep the field required in what the server sends",
  },
  TYPE_CHANGED: {
    client: "breaking",
    server: "breaking",
    why: "the old and new types share no value",
    instead: "add a field of the new type beside the old one",
  },
  TYPE_NARROWED: {
    client: "breaking",
    server: "safe",
    why: "old clients may send values the new type refuses",
    instead: "keep accepting the old type",
  },
  TYPE_WIDENED: {
    client: "safe",
    server: "dangerous",
    why: "old clients refuse the values the new type adds",
  },
  LITERAL_ADDED: {
    client: "safe",
    server: "dangerous",
    why: "old clients refuse the new value (null counts as one)",
  },
  LITERAL_REMOVED: {
    client: "breaking",
    server: "safe",
    why: "old clients may still send the value",
    instead: "keep accepting the value",
  },
  VARIANT_ADDED: {
    client: "safe",
    server: "dangerous",
    why: "old clients refuse the new variant of the union",
  },
  VARIANT_REMOVED: {
    client: "breaking",
    server: "safe",
    why: "old clients may still send the variant",
    instead: "keep accepting the variant",
  },
  CONSTRAINT_TIGHTENED: {
    client: "breaking",
    server: "safe",
    why: "old clients may send values the new constraint refuses",
    instead: "keep the old constraint",
  },
  CONSTRAINT_LOOSENED: {
    client: "safe",
    server: "dangerous",
    why: "old clients refuse values outside the old constraint",
  },
  CONSTRAINT_CHANGED: {
    client: "breaking",
    server: "dangerous",
    why: "a @pattern or @format was replaced; neither contains the other",
    instead: "keep the old constraint",
  },
};

/**
 * The class of a rule in a direction.
 *
 * @example Usage
 * ```ts
 * import { severityOf } from "./change_rules.ts";
 *
 * severityOf("LITERAL_ADDED", "server"); // "dangerous"
 * ```
 */
export function severityOf(rule: RuleName, direction: Direction): Severity {
  const classes = CHANGE_RULES[rule];
  return (classes[direction] ?? classes.client ?? classes.server)!;
}
