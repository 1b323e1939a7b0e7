/**
 * Stable codes of code generator failures.
 *
 * @example Usage
 * ```ts
 * import { CodegenErrorCode } from "@wiretype/wiretype/codegen";
 *
 * CodegenErrorCode.UnsupportedType; // "unsupported_type"
 * ```
 */
export const CodegenErrorCode = {
  /** A type form wiretype cannot validate (function, class, any, ...). */
  UnsupportedType: "unsupported_type",
  /** A name that cannot be resolved (missing import, unknown type). */
  UnresolvedType: "unresolved_type",
  /** A generic the reader cannot resolve to a concrete type. */
  UnresolvedGeneric: "unresolved_generic",
  /** A JSDoc constraint tag that is unknown, malformed or on the wrong type. */
  BadTag: "bad_tag",
  /** The protocol interface itself is malformed (no path, bad members). */
  BadProtocol: "bad_protocol",
  /** Two types or messages would get the same generated name. */
  NameClash: "name_clash",
  /** The input directory or files could not be read. */
  Input: "input",
  /** A protocol change would lock out clients of earlier revisions, and was not accepted. */
  BreakingChange: "breaking_change",
  /** A protocol's record of revisions (`gen/<protocol>_revisions.json`) is damaged. */
  BadRecord: "bad_record",
} as const;

/** One of the codes in {@link CodegenErrorCode}. */
export type CodegenErrorCode =
  typeof CodegenErrorCode[keyof typeof CodegenErrorCode];

/**
 * A problem in a protocol definition, located at `file:line:column`, saying
 * what is wrong and how to fix it. The CLI prints the message, never a stack.
 *
 * `generate` reads every protocol file to the end before it fails, so one
 * run reports every problem: the error it throws is the first by position,
 * and {@link CodegenError.problems} lists them all.
 *
 * @example Usage
 * ```ts
 * import { CodegenError, generate } from "@wiretype/wiretype/codegen";
 *
 * try {
 *   await generate({ inputDir: "protocol" });
 * } catch (error) {
 *   if (error instanceof CodegenError) console.error(error.message);
 * }
 * ```
 */
export class CodegenError extends Error {
  /** A stable code from {@link CodegenErrorCode}. */
  readonly code: CodegenErrorCode;
  /** `file:line:column` of the offending node. */
  readonly location: string;
  /** What is wrong, in the terms of the protocol file. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
  /**
   * Every problem found in the same run, sorted by file and position, this
   * one first; `[this]` when it is the only one.
   */
  readonly problems: readonly CodegenError[];

  /**
   * Creates an error for `location`: `problem` says what is wrong, `fix` how
   * to fix it. `others` are further problems of the same run; the message
   * then lists them all, one per line.
   */
  constructor(
    code: CodegenErrorCode,
    location: string,
    problem: string,
    fix: string,
    others: readonly CodegenError[] = [],
  ) {
    super(
      [`${location}: ${problem}. Fix: ${fix}`, ...others.map((o) => o.message)]
        .join("\n"),
    );
    this.name = "CodegenError";
    this.code = code;
    this.location = location;
    this.problem = problem;
    this.fix = fix;
    this.problems = [this, ...others];
  }
}
