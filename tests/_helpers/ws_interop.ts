/**
 * Runs a third-party WebSocket client script as a subprocess and collects
 * the checks it reports (one JSON line `{check, ok, detail}` each).
 *
 * @module
 */

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
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(program, {
      args,
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(RUN_TIMEOUT_MS),
    }).output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(`${program} not found. ${installHint}`, { cause: error });
    }
    throw error;
  }
  const stdout = new TextDecoder().decode(output.stdout);
  const stderr = new TextDecoder().decode(output.stderr);
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
  if (failed !== undefined || !output.success) {
    throw new Error(
      `interop client failed (exit ${output.code}): ${
        JSON.stringify(failed)
      }\n${stdout}\n${stderr}`,
    );
  }
  return checks.map((check) => check.check);
}
