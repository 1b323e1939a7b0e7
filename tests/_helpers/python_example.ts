/**
 * Runs the Python chat client of examples/python_client/ under Debian's
 * Python, as a user would, and reports what it printed.
 *
 * @module
 */
import { DEBIAN_PYTHON } from "../_setup/peers.ts";

const SCRIPT = new URL(
  "../../examples/python_client/chat_client.py",
  import.meta.url,
).pathname;
const RUN_TIMEOUT_MS = 60_000;
const INSTALL_HINT =
  "the Python client needs websockets and jsonschema: run `apt-get install -y python3-websockets python3-jsonschema` (Debian's /usr/bin/python3 is used; `deno task test` installs them)";

/** A finished run of the Python client. */
export interface PythonClientRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

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
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(DEBIAN_PYTHON, {
      args: [SCRIPT, baseUrl, ...args],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(RUN_TIMEOUT_MS),
    }).output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(`${DEBIAN_PYTHON} not found: ${INSTALL_HINT}`, {
        cause: error,
      });
    }
    throw error;
  }
  const decoder = new TextDecoder();
  const run = {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
  if (/ModuleNotFoundError|No module named/.test(run.stderr)) {
    throw new Error(`${INSTALL_HINT}\n${run.stderr}`);
  }
  return run;
}
