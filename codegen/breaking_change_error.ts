import { CodegenError } from "./codegen_error.ts";
import type { GeneratedProtocol } from "./generated_protocol.ts";
import type { RemovedProtocol } from "./removed_protocol.ts";

/**
 * Thrown by `generate` when a protocol change would lock out clients of
 * earlier revisions and `acceptBreaking` was not set. Nothing was written.
 * Its problems are the breaking changes, by position; `protocols` carries
 * every protocol's change report, as a successful run returns it.
 *
 * @example Usage
 * ```ts
 * import { BreakingChangeError, generate } from "@wiretype/wiretype/codegen";
 *
 * try {
 *   await generate({ inputDir: "protocol" });
 * } catch (error) {
 *   if (error instanceof BreakingChangeError) {
 *     for (const protocol of error.protocols) console.log(protocol.report.join("\n"));
 *   }
 * }
 * ```
 */
export class BreakingChangeError extends CodegenError {
  /** Every protocol read, with its change report. */
  readonly protocols: readonly GeneratedProtocol[];
  /** Protocols that are gone (their records claimed by none), with their reports. */
  readonly removed: readonly RemovedProtocol[];

  /** `refusals` are the breaking changes (at least one), `protocols` and `removed` the reports. */
  constructor(
    refusals: readonly CodegenError[],
    protocols: readonly GeneratedProtocol[],
    removed: readonly RemovedProtocol[] = [],
  ) {
    const [first, ...others] = refusals;
    super(first.code, first.location, first.problem, first.fix, others);
    this.name = "BreakingChangeError";
    this.protocols = protocols;
    this.removed = removed;
  }
}
