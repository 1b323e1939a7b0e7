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
import { parseRecord, recordFileName, renderRecord } from "./record.ts";
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
}

/**
 * Evolves the record of every protocol of `file` (`<outputDir>/<protocol>_revisions.json`).
 *
 * @example Usage
 * ```ts
 * import { evolveProtocols } from "./evolve_protocols.ts";
 * import type { ProtocolFileIR } from "./ir.ts";
 *
 * declare const file: ProtocolFileIR;
 * const evolved = await evolveProtocols(file, {
 *   outputDir: "protocol/gen",
 *   cwd: Deno.cwd(),
 *   acceptBreaking: false,
 *   acceptCommand: "deno run -A jsr:@wiretype/wiretype/codegen --accept-breaking protocol/",
 * });
 * for (const { report } of evolved) console.log(report.join("\n"));
 * ```
 */
export async function evolveProtocols(
  file: ProtocolFileIR,
  options: EvolveOptions,
): Promise<EvolvedProtocol[]> {
  const evolved: EvolvedProtocol[] = [];
  for (const protocol of file.protocols) {
    const recordPath = join(options.outputDir, recordFileName(protocol.name));
    const shownPath = relative(options.cwd, recordPath);
    const text = await readOrUndefined(recordPath);
    const previous = text === undefined
      ? undefined
      : parseRecord(text, shownPath);
    const evolution = evolveRecord(
      protocol.name,
      protocolSchema(protocol),
      previous,
      options.acceptBreaking,
    );
    evolved.push({
      protocol,
      evolution,
      recordPath,
      recordText: renderRecord(evolution.record, file.sourcePath),
      report: changeReport(evolution, shownPath),
      refusals: evolution.kind === "refused"
        ? breakingChangeErrors(evolution, protocol.name, options.acceptCommand)
        : [],
      changes: evolution.changes,
    });
  }
  return evolved;
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}
