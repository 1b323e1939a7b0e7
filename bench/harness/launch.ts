/**
 * How the harness starts a child: with its open-files soft limit raised to
 * the hard limit (10,000 connections need 10,000 descriptors), and pinned
 * to CPUs with `taskset` when asked. Both wrappers `exec`, so the child's
 * pid is the program's own and /proc readings are about it.
 *
 * @module
 */

/**
 * The program and arguments that run `argv` raised and pinned.
 *
 * @example
 * ```ts
 * const { program, args } = launchCommand(["node", "server.mjs"], "0");
 * new Deno.Command(program, { args }).spawn();
 * ```
 */
export function launchCommand(
  argv: readonly string[],
  cpus: string | undefined,
): { program: string; args: string[] } {
  const pinned = cpus === undefined
    ? [...argv]
    : ["taskset", "-c", cpus, ...argv];
  return {
    program: "sh",
    args: ["-c", 'ulimit -n "$(ulimit -Hn)" && exec "$@"', "sh", ...pinned],
  };
}

/**
 * Throws, saying what to do, unless children can open `descriptors` files.
 *
 * @example
 * ```ts
 * await requireOpenFiles(11_000);
 * ```
 */
export async function requireOpenFiles(descriptors: number): Promise<void> {
  const output = await new Deno.Command("sh", {
    args: ["-c", "ulimit -Hn"],
    stdout: "piped",
  }).output();
  const text = new TextDecoder().decode(output.stdout).trim();
  const limit = text === "unlimited" ? Infinity : Number(text);
  if (!(limit >= descriptors)) {
    throw new Error(
      `the hard open-files limit is ${text}; the bench needs ${descriptors}. ` +
        `Raise it (e.g. \`ulimit -Hn 65536\` as root, or LimitNOFILE in the service) and run again.`,
    );
  }
}
