/**
 * Runs client code in Node: bundles a TypeScript entry with `deno bundle`
 * into an ES module, then runs it with the `node` on PATH, giving Node 20
 * the flag that turns on its global WebSocket.
 *
 * @module
 */
import { nodeMajorVersion } from "../_setup/peers.ts";

const NODE_INSTALL_HINT =
  "node is not on PATH: install Node.js 20 or newer (e.g. `apt-get install -y nodejs`)";
const NODE_TIMEOUT_MS = 30_000;

const REPO_ROOT = new URL("../../", import.meta.url).pathname;

/**
 * Bundles `entry` (and its npm imports) into one ES module for Node and
 * returns its source.
 *
 * @example
 * ```ts
 * const script = await bundleForNode(new URL("./_fixtures/node_chat.ts", import.meta.url));
 * ```
 */
export async function bundleForNode(entry: URL): Promise<string> {
  const result = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--quiet", "--platform=deno", entry.pathname],
    cwd: REPO_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  if (!result.success) {
    throw new Error(`deno bundle failed: ${decoder.decode(result.stderr)}`);
  }
  return decoder.decode(result.stdout);
}

/**
 * Runs the ES module source `script` with Node and returns its standard output; fails with the
 * script's standard error when it exits non-zero, or after 30 s.
 *
 * @example
 * ```ts
 * const printed = await runNode(await bundleForNode(entry), ["ws://127.0.0.1:8000"]);
 * ```
 */
export async function runNode(script: string, args: string[]): Promise<string> {
  const major = await nodeMajorVersion();
  if (major === undefined) throw new Error(NODE_INSTALL_HINT);
  // Node 22 has a global WebSocket; Node 20 needs the flag.
  const flags = major < 22 ? ["--experimental-websocket"] : [];
  const directory = await Deno.makeTempDir({ prefix: "wiretype-node-" });
  let result: Deno.CommandOutput;
  try {
    await Deno.writeTextFile(`${directory}/script.mjs`, script);
    result = await new Deno.Command("node", {
      args: [...flags, `${directory}/script.mjs`, ...args],
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(NODE_TIMEOUT_MS),
    }).output();
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
  const decoder = new TextDecoder();
  if (!result.success) {
    throw new Error(
      `node exited with ${result.code}${
        result.signal ? ` (${result.signal})` : ""
      }: ${decoder.decode(result.stderr)}`,
    );
  }
  return decoder.decode(result.stdout);
}
