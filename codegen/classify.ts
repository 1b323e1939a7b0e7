/**
 * Classifies the differences between two revisions of a protocol: each one
 * safe, dangerous or breaking for clients generated from the old revision,
 * by the rules of change_rules.ts.
 *
 * @module
 */
import {
  type Direction,
  type RuleName,
  type Severity,
  severityOf,
  whyOf,
} from "./change_rules.ts";
import { type Place, TypeComparer } from "./classify_types.ts";
import type { ProtocolSchema } from "./schema.ts";

/** One difference between two revisions, classed. */
export interface Change {
  /** The rule that classes it (change_rules.ts). */
  readonly rule: RuleName;
  /** Its class for clients of the old revision, in its direction. */
  readonly severity: Severity;
  /** Who sends the data it touches: clients, or the server. */
  readonly direction: Direction;
  /**
   * What it touches, with the JSON path inside: `event "message" $.mood`.
   * Several when one named type is used in several places.
   */
  readonly subjects: readonly string[];
  /** What changed: `optional field "mood" added`. */
  readonly detail: string;
  /** `file:line:column` in the new source (for a removal, where it was declared around). */
  readonly location: string;
}

/**
 * Every difference from `before` to `after`, classed, sorted by position and
 * merged where one change to a shared type shows in several places.
 *
 * @example Usage
 * ```ts
 * import { classifyChanges } from "./classify.ts";
 * import type { ProtocolSchema } from "./schema.ts";
 *
 * declare const recorded: ProtocolSchema; // the record's last revision
 * declare const current: ProtocolSchema; // the protocol as it is now
 * const changes = classifyChanges(recorded, current);
 * const breaking = changes.filter((change) => change.severity === "breaking");
 * ```
 */
export function classifyChanges(
  before: ProtocolSchema,
  after: ProtocolSchema,
): Change[] {
  const found: Change[] = [];
  const at = after.at ?? { protocol: "", client: "", server: "" };
  const add = (
    rule: RuleName,
    direction: Direction,
    subject: string,
    detail: string,
    location: string,
  ) =>
    found.push({
      rule,
      severity: severityOf(rule, direction),
      direction,
      subjects: [subject],
      detail,
      location,
    });
  const types = new TypeComparer(
    before,
    after,
    ({ rule, place, detail }) =>
      add(
        rule,
        place.direction,
        `${place.subject}${place.path === "$" ? "" : ` ${place.path}`}`,
        detail,
        place.location,
      ),
  );
  const place = (
    direction: Direction,
    subject: string,
    location: string | undefined,
    fallback: string,
  ): Place => ({
    direction,
    subject,
    path: "$",
    location: location ?? fallback,
  });

  if (before.path !== after.path) {
    add(
      "PATH_CHANGED",
      "client",
      "protocol",
      `${before.path} -> ${after.path}`,
      at.protocol,
    );
  }
  for (const [name, message] of Object.entries(before.client)) {
    const next = after.client[name];
    const subject = `message "${name}"`;
    if (next === undefined) {
      add("MESSAGE_REMOVED", "client", subject, "removed", at.client);
      continue;
    }
    types.compare(
      message.data,
      next.data,
      place("client", subject, next.at, at.client),
    );
    if (message.replay !== next.replay || message.forgets !== next.forgets) {
      add(
        "REPLAY_CHANGED",
        "client",
        subject,
        `${tags(message)} -> ${tags(next)}`,
        next.at ?? at.client,
      );
    }
  }
  for (const [name, message] of Object.entries(after.client)) {
    if (before.client[name] !== undefined) continue;
    add(
      "MESSAGE_ADDED",
      "client",
      `message "${name}"`,
      "added",
      message.at ?? at.client,
    );
  }
  for (const [name, rpc] of Object.entries(before.rpcs)) {
    const next = after.rpcs[name];
    if (next === undefined) {
      add("RPC_REMOVED", "client", `RPC "${name}"`, "removed", at.client);
      continue;
    }
    const location = next.at ?? at.client;
    types.compare(
      rpc.request,
      next.request,
      place("client", `RPC "${name}" request`, location, location),
    );
    types.compare(
      rpc.response,
      next.response,
      place("server", `RPC "${name}" answer`, location, location),
    );
  }
  for (const [name, rpc] of Object.entries(after.rpcs)) {
    if (before.rpcs[name] !== undefined) continue;
    add("RPC_ADDED", "client", `RPC "${name}"`, "added", rpc.at ?? at.client);
  }
  for (const [name, event] of Object.entries(before.server)) {
    const next = after.server[name];
    const subject = `event "${name}"`;
    if (next === undefined) {
      add("EVENT_REMOVED", "server", subject, "removed", at.server);
      continue;
    }
    types.compare(
      event.data,
      next.data,
      place("server", subject, next.at, at.server),
    );
  }
  for (const [name, event] of Object.entries(after.server)) {
    if (before.server[name] !== undefined) continue;
    add(
      "EVENT_ADDED",
      "server",
      `event "${name}"`,
      "added",
      event.at ?? at.server,
    );
  }
  return merge(found).sort(byPosition);
}

/**
 * The first breaking change in one line, as a 4409 close reason and the
 * record name it: `message "leave": removed (MESSAGE_REMOVED)`.
 *
 * @example Usage
 * ```ts
 * import { breakSummary, type Change } from "./classify.ts";
 *
 * declare const changes: Change[];
 * const first = changes.find((change) => change.severity === "breaking");
 * if (first !== undefined) console.log(breakSummary(first)); // message "leave": removed (MESSAGE_REMOVED)
 * ```
 */
export function breakSummary(change: Change): string {
  return `${change.subjects[0]}: ${change.detail} (${change.rule})`;
}

/** One line of a report: `breaking MESSAGE_REMOVED protocol/chat.ts:14:3 message "leave": removed`. */
export function changeLine(change: Change): string {
  return `${change.severity.padEnd(9)} ${
    change.rule.padEnd(22)
  } ${change.location}  ${change.subjects.join(", ")}: ${change.detail} (${
    change.direction === "client" ? "clients send" : "server sends"
  }: ${whyOf(change.rule, change.direction)})`;
}

function tags(message: { replay?: true; forgets?: string }): string {
  const parts = [
    ...(message.replay ? ["@replay"] : []),
    ...(message.forgets === undefined ? [] : [`@forgets ${message.forgets}`]),
  ];
  return parts.length === 0 ? "(none)" : parts.join(" ");
}

/** One change to a shared type seen from several places is one entry naming them all. */
function merge(changes: readonly Change[]): Change[] {
  const byKey = new Map<string, Change>();
  for (const change of changes) {
    const key = [change.rule, change.direction, change.location, change.detail]
      .join("\u0000");
    const existing = byKey.get(key);
    byKey.set(
      key,
      existing === undefined ? change : {
        ...existing,
        subjects: [...new Set([...existing.subjects, ...change.subjects])],
      },
    );
  }
  return [...byKey.values()];
}

function byPosition(a: Change, b: Change): number {
  const [fileA, lineA, columnA] = position(a.location);
  const [fileB, lineB, columnB] = position(b.location);
  if (fileA !== fileB) return fileA < fileB ? -1 : 1;
  return lineA - lineB || columnA - columnB ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

function position(location: string): [string, number, number] {
  const match = /^(.*):(\d+):(\d+)$/.exec(location);
  return match === null
    ? [location, 0, 0]
    : [match[1], Number(match[2]), Number(match[3])];
}
