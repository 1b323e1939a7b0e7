/**
 * One `gen` step of a protocol's record: compares the protocol with its last
 * revision (and with every revision of the current line, since each must
 * stay compatible), and decides the next record.
 *
 * @module
 */
import { breakSummary, type Change, classifyChanges } from "./classify.ts";
import type {
  ProtocolRecord,
  RecordedRevision,
  RetiredRevision,
} from "./record.ts";
import type { ProtocolSchema } from "./schema.ts";
import { schemaVersion } from "./version.ts";

/** What happened to the record. */
export type EvolutionKind =
  /** No record yet: revision 1 starts it. */
  | "first"
  /** The protocol equals its last revision. */
  | "unchanged"
  /** A new revision, compatible with every revision of the line. */
  | "compatible"
  /** A breaking change, accepted: a new line, the incompatible revisions retired. */
  | "new_line"
  /** A breaking change, not accepted: the record stays, nothing may be written. */
  | "refused";

/** The breaking changes for the clients of one earlier revision. */
export interface BrokenRevision {
  readonly revision: number;
  readonly version: string;
  readonly changes: readonly Change[];
}

/** The outcome of {@link evolveRecord}. */
export interface Evolution {
  readonly kind: EvolutionKind;
  /** The record to write (the old one when refused). */
  readonly record: ProtocolRecord;
  /** The protocol's revision now (the one it would get when refused). */
  readonly revision: number;
  readonly version: string;
  /** The revision compared with, when there was one. */
  readonly previous?: { readonly revision: number; readonly version: string };
  /** Every difference from the previous revision, classed. */
  readonly changes: readonly Change[];
  /** The revisions of the line whose clients the change breaks. */
  readonly broken: readonly BrokenRevision[];
  /** Versions of earlier revisions the server accepts (compatible). */
  readonly compatibleVersions: readonly string[];
  /** Versions the server refuses with 4409, each with what broke it. */
  readonly incompatibleVersions: Readonly<Record<string, string>>;
}

/**
 * Compares `schema` (the protocol now) with its record and returns the next
 * record. A change that breaks clients of any revision in the line is
 * refused unless `acceptBreaking`; accepted, it starts a new line that keeps
 * the revisions still compatible and retires the others.
 *
 * @example Usage
 * ```ts
 * import { evolveRecord } from "./evolve.ts";
 * import type { ProtocolRecord } from "./record.ts";
 * import type { ProtocolSchema } from "./schema.ts";
 *
 * declare const schema: ProtocolSchema; // the protocol as it is now
 * declare const record: ProtocolRecord | undefined; // undefined before the first run
 * const evolution = evolveRecord("Chat", schema, record, false);
 * if (evolution.kind === "refused") console.error(evolution.broken);
 * ```
 */
export function evolveRecord(
  protocolName: string,
  schema: ProtocolSchema,
  previous: ProtocolRecord | undefined,
  acceptBreaking: boolean,
): Evolution {
  const version = schemaVersion(schema);
  if (previous === undefined) {
    const record = {
      protocol: protocolName,
      line: 1,
      revisions: [{ revision: 1, version, schema }],
      retired: [],
    };
    return outcome("first", record, [], []);
  }
  const last = previous.revisions[previous.revisions.length - 1];
  const renamed = { ...previous, protocol: protocolName };
  if (last.version === version) {
    return outcome("unchanged", renamed, [], [], last);
  }
  const changes = classifyChanges(last.schema, schema);
  const broken: BrokenRevision[] = [];
  for (const recorded of previous.revisions) {
    const differences = recorded === last
      ? changes
      : classifyChanges(recorded.schema, schema);
    const breaking = differences.filter((c) => c.severity === "breaking");
    if (breaking.length > 0) {
      broken.push({
        revision: recorded.revision,
        version: recorded.version,
        changes: breaking,
      });
    }
  }
  const revision: RecordedRevision = {
    revision: Math.max(
      ...previous.revisions.map((r) => r.revision),
      ...previous.retired.map((r) => r.revision),
    ) + 1,
    version,
    schema,
  };
  if (broken.length === 0) {
    const record = {
      ...renamed,
      revisions: [...previous.revisions, revision],
    };
    return outcome("compatible", record, changes, broken, last);
  }
  if (!acceptBreaking) {
    return {
      ...outcome("refused", renamed, changes, broken, last),
      revision: revision.revision,
      version,
    };
  }
  const brokenRevisions = new Set(broken.map((b) => b.revision));
  const retired: RetiredRevision[] = broken.map((b) => ({
    revision: b.revision,
    version: b.version,
    broken: breakSummary(b.changes[0]),
  }));
  const record = {
    ...renamed,
    line: previous.line + 1,
    revisions: [
      ...previous.revisions.filter((r) => !brokenRevisions.has(r.revision)),
      revision,
    ],
    retired: [...previous.retired, ...retired],
  };
  return outcome("new_line", record, changes, broken, last);
}

function outcome(
  kind: EvolutionKind,
  record: ProtocolRecord,
  changes: readonly Change[],
  broken: readonly BrokenRevision[],
  last?: RecordedRevision,
): Evolution {
  const current = record.revisions[record.revisions.length - 1];
  const compatible = [
    ...new Set(record.revisions.map((r) => r.version)),
  ].filter((version) => version !== current.version);
  const incompatible: Record<string, string> = {};
  for (const retired of record.retired) {
    if (
      retired.version === current.version ||
      compatible.includes(retired.version) ||
      Object.hasOwn(incompatible, retired.version)
    ) continue;
    incompatible[retired.version] = retired.broken;
  }
  return {
    kind,
    record,
    revision: current.revision,
    version: current.version,
    ...(last === undefined
      ? {}
      : { previous: { revision: last.revision, version: last.version } }),
    changes,
    broken,
    compatibleVersions: compatible,
    incompatibleVersions: incompatible,
  };
}
