/**
 * The programs the test suite drives as real peers, the Debian package that
 * provides each, and how to tell whether this machine has them. The probes
 * look where the tests look: redis-server on PATH, `/usr/bin/chromium`,
 * `import websockets` under `/usr/bin/python3`, `/usr/sbin/nginx`,
 * `/usr/sbin/haproxy`, `/usr/bin/openssl`, `/usr/bin/certutil`, `node` on PATH.
 *
 * @module
 */

/** A program the tests need and the Debian package that installs it. */
export interface Peer {
  /** What the tests run, as a user would name it. */
  readonly program: string;
  /** The Debian package that provides it. */
  readonly debianPackage: string;
  /** Which tests need it: printed before installing, so the user knows why. */
  readonly neededBy: string;
  /** Whether this machine has it, looked up where the tests look. */
  isPresent(): Promise<boolean>;
}

/** Debian's Python: the interop test runs this one, not a pyenv or venv. */
export const DEBIAN_PYTHON = "/usr/bin/python3";
/** Where the browser tests launch Chromium from. */
export const DEBIAN_CHROMIUM = "/usr/bin/chromium";
/** Where the topology tests start nginx and HAProxy from (sbin is not on every user's PATH). */
export const DEBIAN_NGINX = "/usr/sbin/nginx";
/** See {@link DEBIAN_NGINX}. */
export const DEBIAN_HAPROXY = "/usr/sbin/haproxy";
/** The topology tests make their CA and certificates with this one. */
export const DEBIAN_OPENSSL = "/usr/bin/openssl";
/** The topology tests make Chromium trust their CA with this one (libnss3-tools). */
export const DEBIAN_CERTUTIL = "/usr/bin/certutil";
/** The oldest Node with the WebSocket client the Node tests use. */
export const MINIMUM_NODE_MAJOR = 20;

/** The peers `deno task test` installs with apt-get when they are missing. */
export const PEERS: readonly Peer[] = [
  {
    program: "redis-server",
    debianPackage: "redis-server",
    neededBy: "the Redis fan-out and ticket-store tests",
    isPresent: async () =>
      await findOnPath("redis-server", Deno.env.get("PATH") ?? "") !==
        undefined,
  },
  {
    program: "chromium",
    debianPackage: "chromium",
    neededBy: "the browser tests (demo page, React hooks)",
    isPresent: () => isExecutableFile(DEBIAN_CHROMIUM),
  },
  {
    program: "Python's websockets",
    debianPackage: "python3-websockets",
    neededBy: "the Python interop test",
    isPresent: () => pythonCanImport(DEBIAN_PYTHON, "websockets"),
  },
  {
    program: "Python's jsonschema",
    debianPackage: "python3-jsonschema",
    neededBy:
      "the Python client example's test (it checks frames against the exported JSON Schemas)",
    isPresent: () => pythonCanImport(DEBIAN_PYTHON, "jsonschema"),
  },
  {
    program: "nginx",
    debianPackage: "nginx",
    neededBy: "the topology test (wss:// through a proxy to two nodes)",
    isPresent: () => isExecutableFile(DEBIAN_NGINX),
  },
  {
    program: "haproxy",
    debianPackage: "haproxy",
    neededBy: "the topology test (wss:// through a proxy to two nodes)",
    isPresent: () => isExecutableFile(DEBIAN_HAPROXY),
  },
  {
    program: "openssl",
    debianPackage: "openssl",
    neededBy: "the topology test, which makes its own CA and certificate",
    isPresent: () => isExecutableFile(DEBIAN_OPENSSL),
  },
  {
    program: "certutil",
    debianPackage: "libnss3-tools",
    neededBy: "the topology test, which makes Chromium trust its CA",
    isPresent: () => isExecutableFile(DEBIAN_CERTUTIL),
  },
];

/**
 * The first executable file called `name` in the directories of `path` (a
 * PATH value), or undefined.
 *
 * @example
 * ```ts
 * const aptGet = await findOnPath("apt-get", Deno.env.get("PATH") ?? "");
 * ```
 */
export async function findOnPath(
  name: string,
  path: string,
): Promise<string | undefined> {
  for (const directory of path.split(":")) {
    if (directory === "") continue;
    const candidate = `${directory}/${name}`;
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Whether `path` is a file (after symlinks) that someone may execute.
 *
 * @example
 * ```ts
 * const hasChromium = await isExecutableFile("/usr/bin/chromium");
 * ```
 */
export async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await Deno.stat(path);
    return info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0;
  } catch {
    return false;
  }
}

/**
 * Whether `python` exists and imports `module` without error.
 *
 * @example
 * ```ts
 * const ok = await pythonCanImport("/usr/bin/python3", "websockets");
 * ```
 */
export async function pythonCanImport(
  python: string,
  module: string,
): Promise<boolean> {
  try {
    const { success } = await new Deno.Command(python, {
      args: ["-c", `import ${module}`],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
}

/**
 * The major version of the `node` on PATH (or of `executable`), or
 * undefined when there is none or it does not say.
 *
 * @example
 * ```ts
 * const major = await nodeMajorVersion();
 * ```
 */
export async function nodeMajorVersion(
  executable = "node",
): Promise<number | undefined> {
  try {
    const { success, stdout } = await new Deno.Command(executable, {
      args: ["--version"],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).output();
    const major = /^v(\d+)\./.exec(new TextDecoder().decode(stdout))?.[1];
    return success && major !== undefined ? Number(major) : undefined;
  } catch {
    return undefined;
  }
}
