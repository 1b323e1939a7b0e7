/**
 * The record step of `generate` for one definition file: reads each
 * protocol's record, evolves it, and says what to write and print.
 *
 * @module
 */
import { join, relative } from "node:path";
import type { Change } from "./classify.ts";
import type { CodegenError } from "./codegen_error.ts";
import { breakingChangeErrors, changeReport } from "./change_report.ts";
import { type Evolution, evolveRecord } from "./evolve.ts";
import type { ProtocolFileIR, ProtocolIR } from "./ir.ts";
import { recordFileName, renderRecord } from "./record.ts";
import type { FoundRecord, RecordClaims } from "./record_claims.ts";
import { protocolSchema } from "./schema.ts";

/** One protocol after the record step. */
export interface EvolvedProtocol {
  readonly protocol: ProtocolIR;
  readonly evolution: Evolution;
  /** Absolute path of its record. */
  readonly recordPath: string;
  /** The record's new text (unformatted). */
  readonly recordText: string;
  /** Report lines for the CLI, under the protocol's summary. */
  readonly report: readonly string[];
  /** The errors of a refused breaking change; empty otherwise. */
  readonly refusals: readonly CodegenError[];
  readonly changes: readonly Change[];
}

/** What the record step needs besides the file. */
export interface EvolveOptions {
  readonly outputDir: string;
  readonly cwd: string;
  readonly acceptBreaking: boolean;
  /** The command that accepts a breaking change, for error messages. */
  readonly acceptCommand: string;
  /** Each protocol's record, found by its path (see `claimRecords`). */
  readonly claims: RecordClaims;
}

/**
 * Evolves the record of every protocol of `file`: the record it claimed
 * (by its path, whatever its name), written as
 * `<outputDir>/<protocol>_revisions.json`. A record carried over from
 * another name or definition file is reported as such.
 *
 * @example Usage
 * ```ts
 * import { evolveProtocols } from "./evolve_protocols.ts";
 * import type { ProtocolFileIR } from "./ir.ts";
 * import { claimRecords, readRecords } from "./record_claims.ts";
 *
 * declare const file: ProtocolFileIR;
 * const records = await readRecords("protocol/gen", Deno.cwd());
 * const evolved = evolveProtocols(file, {
 *   outputDir: "protocol/gen",
 *   cwd: Deno.cwd(),
 *   acceptBreaking: false,
 *   acceptCommand: "deno run -A jsr:@wiretype/wiretype/codegen --accept-breaking protocol/",
 *   claims: claimRecords(file.protocols, records),
 * });
 * for (const { report } of evolved) console.log(report.join("\n"));
 * ```
 */
export function evolveProtocols(
  file: ProtocolFileIR,
  options: EvolveOptions,
): EvolvedProtocol[] {
  const evolved: EvolvedProtocol[] = [];
  for (const protocol of file.protocols) {
    const recordPath = join(options.outputDir, recordFileName(protocol.name));
    const shownPath = relative(options.cwd, recordPath);
    const found = options.claims.byProtocol.get(protocol);
    const evolution = evolveRecord(
      protocol.name,
      protocolSchema(protocol),
      found?.record,
      options.acceptBreaking,
    );
    evolved.push({
      protocol,
      evolution,
      recordPath,
      recordText: renderRecord(evolution.record, file.sourcePath),
      report: [
        ...carriedOver(protocol, file.sourcePath, shownPath, found),
        ...changeReport(evolution, shownPath),
      ],
      refusals: evolution.kind === "refused"
        ? breakingChangeErrors(evolution, protocol.name, options.acceptCommand)
        : [],
      changes: evolution.changes,
    });
  }
  return evolved;
}

/**
 * Says how the record followed the protocol, when its name, its definition
 * file or the record's file changed: `renamed from Poll; record moved from
 * protocol/gen/poll_revisions.json`.
 */
function carriedOver(
  { name, path }: ProtocolIR,
  sourcePath: string,
  shownPath: string,
  found: FoundRecord | undefined,
): string[] {
  if (found === undefined) return [];
  const how: string[] = [];
  if (found.record.protocol !== name) {
    how.push(`renamed from ${found.record.protocol}`);
  }
  if (found.source !== undefined && found.source !== sourcePath) {
    how.push(`moved from ${found.source}`);
  }
  if (found.shownFile !== shownPath) {
    how.push(`record moved from ${found.shownFile} to ${shownPath}`);
  }
  if (how.length === 0) return [];
  const last = found.record.revisions[found.record.revisions.length - 1];
  const follows = found.path === path
    ? `the record follows the path ${path}, `
    : "";
  return [
    `  ${how.join("; ")}: ${follows}revisions continue from ${last.revision}`,
  ];
}
