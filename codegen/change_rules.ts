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
  /**
   * Why, in one sentence per direction the rule applies to, for reports and
   * docs/PROTOCOL.md: a required field added to what clients send breaks
   * them for another reason than one added to what the server sends is safe.
   */
  readonly why: { readonly client?: string; readonly server?: string };
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
    why: {
      client: "old clients connect to the old path",
      server: "old clients connect to the old path",
    },
    instead: "serve a second protocol at the new path and keep the old one",
  },
  MESSAGE_ADDED: {
    client: "safe",
    why: {
      client: "old clients do not send it",
    },
  },
  MESSAGE_REMOVED: {
    client: "breaking",
    why: {
      client: "old clients still send it and get unknown_type",
    },
    instead: "keep the message; its handler may ignore it",
  },
  RPC_ADDED: {
    client: "safe",
    why: {
      client: "old clients do not call it",
    },
  },
  RPC_REMOVED: {
    client: "breaking",
    why: {
      client: "old clients still call it and get unknown_type",
    },
    instead: "keep the RPC; its handler may throw a ProtocolError",
  },
  REPLAY_CHANGED: {
    client: "safe",
    why: {
      client: "@replay and @forgets only change what a client re-sends",
    },
  },
  EVENT_ADDED: {
    server: "safe",
    why: {
      server: "old clients ignore event types they do not know",
    },
  },
  EVENT_REMOVED: {
    server: "dangerous",
    why: {
      server: "old clients wait for an event that no longer comes",
    },
  },
  FIELD_ADDED_OPTIONAL: {
    client: "safe",
    server: "safe",
    why: {
      client: "old clients leave it out, which is allowed",
      server: "old clients ignore fields they do not know",
    },
  },
  FIELD_ADDED_REQUIRED: {
    client: "breaking",
    server: "safe",
    why: {
      client:
        "old clients do not send it, and the server refuses their data without it",
      server: "old clients ignore fields they do not know",
    },
    instead: "make the field optional (`name?: T`)",
  },
  FIELD_REMOVED_OPTIONAL: {
    client: "breaking",
    server: "safe",
    why: {
      client:
        "old clients may still send it, and the server refuses unknown fields",
      server: "old clients take it as left out",
    },
    instead: "keep the field; the handler may ignore it",
  },
  FIELD_REMOVED_REQUIRED: {
    client: "breaking",
    server: "breaking",
    why: {
      client:
        "old clients still send it, and the server refuses unknown fields",
      server: "old clients require it and refuse data without it",
    },
    instead: "keep the field",
  },
  FIELD_MADE_REQUIRED: {
    client: "breaking",
    server: "safe",
    why: {
      client: "old clients may leave it out",
      server: "old clients accept it present",
    },
    instead: "keep the field optional",
  },
  FIELD_MADE_OPTIONAL: {
    client: "safe",
    server: "breaking",
    why: {
      client: "the server accepts it present or left out",
      server: "old clients require it",
    },
    instead: "keep the field required in what the server sends",
  },
  TYPE_CHANGED: {
    client: "breaking",
    server: "breaking",
    why: {
      client:
        "the server refuses every value old clients send (the types share none)",
      server:
        "old clients refuse every value the server sends (the types share none)",
    },
    instead: "add a field of the new type beside the old one",
  },
  TYPE_NARROWED: {
    client: "breaking",
    server: "safe",
    why: {
      client: "old clients may send values the new type refuses",
      server: "old clients accept every value of the narrower type",
    },
    instead: "keep accepting the old type",
  },
  TYPE_WIDENED: {
    client: "safe",
    server: "dangerous",
    why: {
      client: "the server accepts everything old clients send",
      server: "old clients refuse the values the new type adds",
    },
  },
  LITERAL_ADDED: {
    client: "safe",
    server: "dangerous",
    why: {
      client: "the server accepts every value old clients send",
      server: "old clients refuse the new value (null counts as one)",
    },
  },
  LITERAL_REMOVED: {
    client: "breaking",
    server: "safe",
    why: {
      client: "old clients may still send the value",
      server: "old clients accept the values that remain",
    },
    instead: "keep accepting the value",
  },
  VARIANT_ADDED: {
    client: "safe",
    server: "dangerous",
    why: {
      client: "the server accepts every variant old clients send",
      server: "old clients refuse the new variant of the union",
    },
  },
  VARIANT_REMOVED: {
    client: "breaking",
    server: "safe",
    why: {
      client: "old clients may still send the variant",
      server: "old clients accept the variants that remain",
    },
    instead: "keep accepting the variant",
  },
  CONSTRAINT_TIGHTENED: {
    client: "breaking",
    server: "safe",
    why: {
      client: "old clients may send values the new constraint refuses",
      server: "old clients accept every value the tighter constraint allows",
    },
    instead: "keep the old constraint",
  },
  CONSTRAINT_LOOSENED: {
    client: "safe",
    server: "dangerous",
    why: {
      client: "the server accepts everything old clients send",
      server: "old clients refuse values outside the old constraint",
    },
  },
  CONSTRAINT_CHANGED: {
    client: "breaking",
    server: "dangerous",
    why: {
      client:
        "a @pattern or @format was replaced: old clients may send values the new one refuses",
      server:
        "a @pattern or @format was replaced: old clients may refuse values the new one allows",
    },
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

/**
 * Why a rule classes a change in a direction as it does.
 *
 * @example Usage
 * ```ts
 * import { whyOf } from "./change_rules.ts";
 *
 * whyOf("FIELD_ADDED_REQUIRED", "server"); // "old clients ignore fields they do not know"
 * ```
 */
export function whyOf(rule: RuleName, direction: Direction): string {
  const { why } = CHANGE_RULES[rule];
  return (why[direction] ?? why.client ?? why.server)!;
}
