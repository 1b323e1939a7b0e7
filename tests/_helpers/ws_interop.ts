/**
 * Runs a third-party WebSocket client script as a subprocess and collects
 * the checks it reports (one JSON line `{check, ok, detail}` each).
 *
 * @module
 */
import { runProgram } from "./run_program.ts";

const RUN_TIMEOUT_MS = 60_000;

/**
 * Runs `program args`, fails with `installHint` when the program is missing
 * or cannot import its WebSocket library, and returns the names of the
 * checks that passed, in order. A failed check fails with its detail.
 *
 * @example
 * ```ts
 * const checks = await runInteropClient("/usr/bin/python3", [script, url, version], hint);
 * ```
 */
export async function runInteropClient(
  program: string,
  args: string[],
  installHint: string,
): Promise<string[]> {
  const { code, success, stdout, stderr } = await runProgram(program, args, {
    installHint,
    timeoutMs: RUN_TIMEOUT_MS,
  });
  if (
    /ModuleNotFoundError|No module named|Cannot find module|Could not find/
      .test(stderr)
  ) {
    throw new Error(`${installHint}\n${stderr}`);
  }
  const checks = stdout.split("\n").filter((line) => line.startsWith("{"))
    .map((line) =>
      JSON.parse(line) as { check: string; ok: boolean; detail: unknown }
    );
  const failed = checks.find((check) => !check.ok);
  if (failed !== undefined || !success) {
    throw new Error(
      `interop client failed (exit ${code}): ${
        JSON.stringify(failed)
      }\n${stdout}\n${stderr}`,
    );
  }
  return checks.map((check) => check.check);
}
