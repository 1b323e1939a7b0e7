/**
 * Runs the Python chat client of examples/python_client/ under Debian's
 * Python, as a user would, and reports what it printed.
 *
 * @module
 */
import { DEBIAN_PYTHON } from "../_setup/peers.ts";
import { type ProgramRun, runProgram } from "./run_program.ts";

const SCRIPT = new URL(
  "../../examples/python_client/chat_client.py",
  import.meta.url,
).pathname;
const RUN_TIMEOUT_MS = 60_000;
const INSTALL_HINT =
  "the Python client needs websockets and jsonschema: run `apt-get install -y python3-websockets python3-jsonschema` (Debian's /usr/bin/python3 is used; `deno task test` installs them)";

/** A finished run of the Python client. */
export type PythonClientRun = ProgramRun;

/**
 * Runs `chat_client.py <baseUrl> ...args` and waits for it; throws with
 * what to install when Python or one of its modules is missing.
 *
 * @example
 * ```ts
 * import { runPythonChatClient } from "./python_example.ts";
 * const run = await runPythonChatClient("http://127.0.0.1:8000", ["--room", "py"]);
 * console.log(run.code, run.stdout);
 * ```
 */
export async function runPythonChatClient(
  baseUrl: string,
  args: readonly string[] = [],
): Promise<PythonClientRun> {
  const run = await runProgram(DEBIAN_PYTHON, [SCRIPT, baseUrl, ...args], {
    installHint: INSTALL_HINT,
    timeoutMs: RUN_TIMEOUT_MS,
  });
  if (/ModuleNotFoundError|No module named/.test(run.stderr)) {
    throw new Error(`${INSTALL_HINT}\n${run.stderr}`);
  }
  return run;
}
