/**
 * Finds a Node.js of a given major version for tests that run the README's
 * Node commands: the `node` on PATH when it is that major, else the build
 * npm ships as `node-<os>-<arch>@<major>` (the binary is inside the registry
 * package), installed once into `~/.cache/wiretype-ci/node-<major>`.
 *
 * @module
 */
import { nodeMajorVersion } from "../_setup/peers.ts";

const NPM_INSTALL_TIMEOUT_MS = 300_000;

/**
 * The path of a `node` executable of major version `major`, installing it
 * from npm when this machine has none.
 *
 * @example
 * ```ts
 * const node22 = await nodeExecutable(22);
 * ```
 */
export async function nodeExecutable(major: number): Promise<string> {
  if (await nodeMajorVersion("node") === major) return "node";
  const prefix = `${
    Deno.env.get("HOME") ?? "/tmp"
  }/.cache/wiretype-ci/node-${major}`;
  const packageName = `node-${npmOs()}-${npmArch()}`;
  const executable = `${prefix}/node_modules/${packageName}/bin/node`;
  if (await nodeMajorVersion(executable) === major) return executable;
  const args = [
    "install",
    "--silent",
    "--no-save",
    "--no-audit",
    "--no-fund",
    "--prefix",
    prefix,
    `${packageName}@${major}`,
  ];
  console.error(
    `installing Node ${major} for this test: npm ${args.join(" ")}`,
  );
  let result: Deno.CommandOutput;
  try {
    result = await new Deno.Command("npm", {
      args,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(NPM_INSTALL_TIMEOUT_MS),
    }).output();
  } catch (error) {
    throw new Error(
      `Node ${major} is needed and npm could not be run to install it: install Node.js and npm, or Node ${major} itself`,
      { cause: error },
    );
  }
  if (!result.success || await nodeMajorVersion(executable) !== major) {
    throw new Error(
      `Node ${major} is needed and \`npm ${args.join(" ")}\` failed: ${
        new TextDecoder().decode(result.stderr)
      }`,
    );
  }
  return executable;
}

function npmOs(): string {
  if (Deno.build.os === "linux" || Deno.build.os === "darwin") {
    return Deno.build.os;
  }
  throw new Error(
    `no npm build of Node for ${Deno.build.os}: install the Node version yourself`,
  );
}

function npmArch(): string {
  return Deno.build.arch === "aarch64" ? "arm64" : "x64";
}
