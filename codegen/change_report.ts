/**
 * What `gen` prints about a protocol's evolution, and the errors of a
 * refused breaking change.
 *
 * @module
 */
import { CHANGE_RULES, whyOf } from "./change_rules.ts";
import { type Change, changeLine } from "./classify.ts";
import { CodegenError, CodegenErrorCode } from "./codegen_error.ts";
import type { Evolution } from "./evolve.ts";

/**
 * The report lines of one protocol's evolution, indented under its
 * summary line: every change from the previous revision, classed, and what
 * became of the record.
 *
 * @example Usage
 * ```ts
 * import { changeReport } from "./change_report.ts";
 * import type { Evolution } from "./evolve.ts";
 *
 * declare const evolution: Evolution;
 * for (const line of changeReport(evolution, "protocol/gen/chat_revisions.json")) console.log(line);
 * ```
 */
export function changeReport(
  evolution: Evolution,
  recordPath: string,
): string[] {
  const { kind, previous, changes, broken } = evolution;
  if (kind === "first") {
    return [`  revision 1 starts the record ${recordPath}`];
  }
  if (kind === "unchanged" || previous === undefined) return [];
  const lines = [
    `  changes since revision ${previous.revision} (version ${previous.version}):`,
    ...(changes.length === 0
      ? ["    none on the wire (fields or messages only moved)"]
      : changes.map((change) => `    ${changeLine(change)}`)),
  ];
  for (const revision of broken) {
    if (revision.revision === previous.revision) continue;
    lines.push(
      `  breaks clients of revision ${revision.revision} too: ${
        revision.changes.map((change) => changeLine(change)).join("; ")
      }`,
    );
  }
  const revisions = broken.map((b) => b.revision).join(", ");
  if (kind === "new_line") {
    lines.push(
      `  accepted: compatibility line ${evolution.record.line} starts at revision ${evolution.revision}; clients of revision(s) ${revisions} are now ${
        lockedOut(changes, "refused with 4409")
      }`,
    );
  } else if (kind === "refused") {
    lines.push(
      `  refused: breaks clients of revision(s) ${revisions}; nothing was written`,
    );
  }
  return lines;
}

/**
 * The errors of a refused breaking change, one per change, each saying how
 * to stay compatible or how to accept the change (`acceptCommand`).
 *
 * @example Usage
 * ```ts
 * import { breakingChangeErrors } from "./change_report.ts";
 * import { ErrorCollector } from "./error_collector.ts";
 * import type { Evolution } from "./evolve.ts";
 *
 * declare const evolution: Evolution;
 * const errors = new ErrorCollector();
 * const accept = "deno run -A jsr:@wiretype/wiretype/codegen --accept-breaking protocol/";
 * for (const error of breakingChangeErrors(evolution, "Chat", accept)) errors.add(error);
 * ```
 */
export function breakingChangeErrors(
  evolution: Evolution,
  protocolName: string,
  acceptCommand: string,
): CodegenError[] {
  const byChange = new Map<string, { change: Change; revisions: number[] }>();
  for (const revision of evolution.broken) {
    for (const change of revision.changes) {
      const key = changeLine(change);
      const entry = byChange.get(key) ?? { change, revisions: [] };
      entry.revisions.push(revision.revision);
      byChange.set(key, entry);
    }
  }
  return [...byChange.values()].map(({ change, revisions }) => {
    const rule = CHANGE_RULES[change.rule];
    const instead = "instead" in rule ? `${rule.instead}; ` : "";
    return new CodegenError(
      CodegenErrorCode.BreakingChange,
      change.location,
      `breaking change to ${protocolName} for clients of revision(s) ${
        revisions.join(", ")
      }: ${change.subjects.join(", ")}: ${change.detail} (${change.rule}: ${
        whyOf(change.rule, change.direction)
      })`,
      `${instead}or accept it with \`${acceptCommand}\`, which starts a new compatibility line: clients of revision(s) ${
        revisions.join(", ")
      } are then ${lockedOut([change], "closed with 4409")}`,
    );
  });
}

/**
 * What becomes of the clients a change breaks: closed with 4409 at the
 * path, or, when the path changed, left at the old one, which answers 404.
 */
function lockedOut(changes: readonly Change[], otherwise: string): string {
  const moved = changes.find((change) => change.rule === "PATH_CHANGED");
  if (moved === undefined) return otherwise;
  const oldPath = moved.detail.split(" -> ")[0];
  return `left connecting to ${oldPath}, which nothing serves: they get 404 and keep retrying`;
}
