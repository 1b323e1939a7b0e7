/**
 * Runs a program a test needs from the machine (openssl, certutil, Python,
 * Node), failing with what to install when it is missing.
 *
 * @module
 */

/** A finished run, its output decoded. */
export interface ProgramRun {
  readonly code: number;
  readonly success: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** Settings of {@link runProgram}. */
export interface RunProgramOptions {
  /** What to install, said when `program` is not found. */
  readonly installHint: string;
  /** Killed after this long. Default 60 000. */
  readonly timeoutMs?: number;
}

/**
 * Runs `program args` to its end with no stdin, and returns its exit code
 * and output. A missing program fails with `installHint`.
 *
 * @example
 * ```ts
 * const run = await runProgram("/usr/bin/openssl", ["version"], {
 *   installHint: "run `apt-get install -y openssl`",
 * });
 * ```
 */
export async function runProgram(
  program: string,
  args: readonly string[],
  options: RunProgramOptions,
): Promise<ProgramRun> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(program, {
      args: [...args],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    }).output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(`${program} not found: ${options.installHint}`, {
        cause: error,
      });
    }
    throw error;
  }
  const decoder = new TextDecoder();
  return {
    code: output.code,
    success: output.success,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}
