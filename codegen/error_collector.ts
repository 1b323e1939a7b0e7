import { CodegenError } from "./codegen_error.ts";

/**
 * Collects the problems of one generator run, so a run reports all of them
 * instead of stopping at the first: readers {@link ErrorCollector.attempt}
 * each member, field and type, record what it throws and carry on with the
 * next one.
 *
 * @example Usage
 * ```ts
 * import { CodegenError, CodegenErrorCode } from "./codegen_error.ts";
 * import { ErrorCollector } from "./error_collector.ts";
 *
 * const errors = new ErrorCollector();
 * const names = ["room", "Text"].map((name, index) =>
 *   errors.attempt(() => {
 *     if (name === name.toLowerCase()) return name;
 *     throw new CodegenError(CodegenErrorCode.NameClash, `chat.ts:${index + 2}:3`, `field "${name}" is not lower case`, "rename it");
 *   }, undefined)
 * );
 * errors.throwIfAny(); // one CodegenError listing every problem
 * ```
 */
export class ErrorCollector {
  readonly #errors: CodegenError[] = [];

  /** Records one problem. */
  add(error: CodegenError): void {
    this.#errors.push(error);
  }

  /**
   * Runs `body`; a CodegenError it throws is recorded and `fallback` is
   * returned instead, so reading goes on to the next problem. Any other
   * error is a generator bug and propagates.
   */
  attempt<T>(body: () => T, fallback: T): T {
    try {
      return body();
    } catch (error) {
      if (!(error instanceof CodegenError)) throw error;
      this.add(error);
      return fallback;
    }
  }

  /** Whether any problem was recorded. */
  get failed(): boolean {
    return this.#errors.length > 0;
  }

  /**
   * Throws one CodegenError for every recorded problem, sorted by file, line
   * and column (the same problem found twice, e.g. in a type two protocols
   * share, once); does nothing when there is none.
   */
  throwIfAny(): void {
    const unique = new Map<string, CodegenError>();
    for (const error of this.#errors) {
      for (const problem of error.problems) {
        const key = `${problem.location}: ${problem.problem}. ${problem.fix}`;
        if (!unique.has(key)) unique.set(key, problem);
      }
    }
    const sorted = [...unique.values()].sort(byPosition);
    if (sorted.length === 0) return;
    if (sorted.length === 1) throw sorted[0];
    const [first, ...others] = sorted;
    throw new CodegenError(
      first.code,
      first.location,
      first.problem,
      first.fix,
      others,
    );
  }
}

function byPosition(a: CodegenError, b: CodegenError): number {
  const [fileA, lineA, columnA] = position(a.location);
  const [fileB, lineB, columnB] = position(b.location);
  if (fileA !== fileB) return fileA < fileB ? -1 : 1;
  return lineA - lineB || columnA - columnB;
}

/** `file:line:column` as its parts; a location without a position sorts first in its file. */
function position(location: string): [string, number, number] {
  const match = /^(.*):(\d+):(\d+)$/.exec(location);
  return match === null
    ? [location, 0, 0]
    : [match[1], Number(match[2]), Number(match[3])];
}
