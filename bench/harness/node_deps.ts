/**
 * The npm packages the Node servers run on, installed with npm into
 * bench/.node (not tracked by git) at exact versions, so every run compares
 * against the same peers. Versions match those deno.lock resolves.
 *
 * @module
 */

/**
 * Where the Node servers' packages live.
 *
 * @example
 * ```ts
 * `${NODE_PREFIX}/node_modules/ws`; // where the Node servers find ws
 * ```
 */
export const NODE_PREFIX = new URL("../.node", import.meta.url).pathname;

/**
 * The exact versions installed.
 *
 * @example
 * ```ts
 * NODE_PACKAGES["ws"]; // "8.21.3"
 * ```
 */
export const NODE_PACKAGES: Readonly<Record<string, string>> = {
  "ws": "8.21.3",
  "socket.io": "4.8.4",
  "socket.io-client": "4.8.4",
  "jose": "6.2.18",
};

/**
 * Installs the packages unless the installed versions already match.
 * Throws with npm's output when npm is missing or fails.
 *
 * @example
 * ```ts
 * await ensureNodePackages();
 * ```
 */
export async function ensureNodePackages(): Promise<void> {
  if (installedVersionsMatch()) return;
  const specs = Object.entries(NODE_PACKAGES).map(([name, version]) =>
    `${name}@${version}`
  );
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command("npm", {
      args: [
        "install",
        "--prefix",
        NODE_PREFIX,
        "--no-audit",
        "--no-fund",
        "--save-exact",
        ...specs,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch (error) {
    throw new Error(
      `npm is needed for the Node servers (apt-get install -y nodejs npm): ${error}`,
    );
  }
  if (!output.success) {
    throw new Error(
      `npm install into ${NODE_PREFIX} failed:\n${
        new TextDecoder().decode(output.stderr)
      }`,
    );
  }
}

/**
 * The installed version of a package in bench/.node, or undefined.
 *
 * @example
 * ```ts
 * installedVersion("socket.io"); // "4.8.4", or undefined before the first run
 * ```
 */
export function installedVersion(name: string): string | undefined {
  try {
    const manifest = JSON.parse(
      Deno.readTextFileSync(`${NODE_PREFIX}/node_modules/${name}/package.json`),
    ) as { version?: unknown };
    return typeof manifest.version === "string" ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}

function installedVersionsMatch(): boolean {
  return Object.entries(NODE_PACKAGES).every(([name, version]) =>
    installedVersion(name) === version
  );
}
