import type { ClientProblems } from "./client_config.ts";

const decoder = new TextDecoder();

/**
 * Counts what went wrong in a client process: messages the workload did
 * not expect (the first one kept for the report) and connections that
 * ended on their own.
 *
 * @example
 * ```ts
 * const problems = new ProblemLog();
 * problems.unexpected(bytes, start, end);
 * report({ kind: "result", ...problems.toData() });
 * ```
 */
export class ProblemLog {
  #unexpectedMessages = 0;
  #firstUnexpected: string | undefined;
  #unexpectedCloses = 0;

  /** A message the workload has no use for. */
  unexpected(bytes: Uint8Array, start: number, end: number): void {
    this.#unexpectedMessages++;
    this.#firstUnexpected ??= decoder.decode(
      bytes.subarray(start, Math.min(end, start + 200)),
    );
  }

  /** A connection ended; only a close the workload did not ask for counts. */
  closed(expected: boolean): void {
    if (!expected) this.#unexpectedCloses++;
  }

  /** The counts, for a result. */
  toData(): ClientProblems {
    return {
      unexpectedMessages: this.#unexpectedMessages,
      unexpectedCloses: this.#unexpectedCloses,
      ...(this.#firstUnexpected === undefined
        ? {}
        : { firstUnexpected: this.#firstUnexpected }),
    };
  }
}
