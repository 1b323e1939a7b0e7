/**
 * A record that no protocol claims: its protocol was deleted, or renamed
 * and moved to another path at once. Its clients still connect to its path,
 * so this is a breaking change, refused unless accepted.
 *
 * @module
 */
import { CodegenError, CodegenErrorCode } from "./codegen_error.ts";
import type { FoundRecord } from "./record_claims.ts";

/** A protocol that is gone, as `generate` reports it. */
export interface RemovedProtocol {
  /** Its name, as recorded. */
  readonly name: string;
  /** The path its clients connect to. */
  readonly path: string;
  /** Its record, relative to the working directory. */
  readonly record: string;
  /** The revisions of its current line: their clients are locked out. */
  readonly revisions: readonly number[];
  /** The report, as the CLI prints it under the protocol's line. */
  readonly report: readonly string[];
}

/** What happens to a gone protocol's clients, in the report and the error. */
function lockedOut(found: FoundRecord, accepted: boolean): string {
  const revisions = found.record.revisions.map((r) => r.revision).join(", ");
  return `clients of revision(s) ${revisions} still connect to ${found.path}, which nothing ${
    accepted ? "serves" : "would serve"
  }: they get 404 and keep retrying`;
}

/**
 * The report and the refusal (unless `acceptBreaking`) of a record no
 * protocol claims.
 *
 * @example Usage
 * ```ts
 * import type { FoundRecord } from "./record_claims.ts";
 * import { removedProtocol } from "./removed_protocol.ts";
 *
 * declare const gone: FoundRecord;
 * const accept = "deno run -A jsr:@wiretype/wiretype/codegen --accept-breaking protocol/";
 * const { removed, refusal } = removedProtocol(gone, false, accept);
 * console.log(removed.report.join("\n"), refusal?.message);
 * ```
 */
export function removedProtocol(
  found: FoundRecord,
  acceptBreaking: boolean,
  acceptCommand: string,
): { removed: RemovedProtocol; refusal?: CodegenError } {
  const { record, path } = found;
  const revisions = record.revisions.map((r) => r.revision);
  const report = acceptBreaking
    ? `  accepted: its record ${found.shownFile} is removed; ${
      lockedOut(found, true)
    }`
    : `  refused: ${lockedOut(found, false)}; nothing was written`;
  const removed = {
    name: record.protocol,
    path,
    record: found.shownFile,
    revisions,
    report: [report],
  };
  if (acceptBreaking) return { removed };
  const from = found.source === undefined ? "" : ` (from ${found.source})`;
  return {
    removed,
    refusal: new CodegenError(
      CodegenErrorCode.BreakingChange,
      found.shownFile,
      `breaking change: no protocol is served at ${path} any more, but the record of ${record.protocol}${from} is there: ${
        lockedOut(found, false)
      }`,
      `if you renamed ${record.protocol}, keep its path ${path} (the record follows the path, not the name or the file); if you moved it to another protocol directory, move ${found.shownFile} into that directory's gen/ folder too; to retire it, accept it with \`${acceptCommand}\`, which removes its record`,
    ),
  };
}
