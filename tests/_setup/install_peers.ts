/**
 * Run by `deno task test` before the suite: finds the real peers the tests
 * drive (redis-server, Chromium, Python's websockets, Node) and installs the
 * missing Debian packages with apt-get, saying what and why first, so the
 * README's one test command works on a fresh Debian machine. Where it cannot
 * install (no apt-get, no root or sudo, no Node), it exits 1 naming what to
 * install.
 *
 * ```sh
 * deno run --allow-env --allow-read --allow-run --allow-sys=uid tests/_setup/install_peers.ts
 * ```
 *
 * To check it as a new user would: a fresh Debian 12 (`debootstrap
 * --variant=minbase bookworm DIR`) with only Node 20 and npm added, a user
 * with sudo, a clean clone, then `npx -y deno@2.9.6 task test`. Without sudo
 * it stops at once naming the apt-get command; with sudo it installs the
 * three packages (332 with dependencies, about 1.5 min), after which the
 * Redis, Chromium, Python and Node tests pass.
 *
 * @module
 */
import { type Host, type InstallPlan, planInstall } from "./install_plan.ts";
import { findOnPath, nodeMajorVersion, type Peer, PEERS } from "./peers.ts";

/**
 * Which of `peers` this machine lacks.
 *
 * @example
 * ```ts
 * const missing = await findMissingPeers(PEERS);
 * ```
 */
export async function findMissingPeers(
  peers: readonly Peer[],
): Promise<Peer[]> {
  const present = await Promise.all(peers.map((peer) => peer.isPresent()));
  return peers.filter((_, index) => !present[index]);
}

/**
 * Probes this machine: root or not, apt-get, sudo, Node.
 *
 * @example
 * ```ts
 * const host = await probeHost();
 * ```
 */
export async function probeHost(): Promise<Host> {
  const path = Deno.env.get("PATH") ?? "";
  return {
    isRoot: Deno.uid() === 0,
    hasAptGet: await findOnPath("apt-get", path) !== undefined,
    hasSudo: await findOnPath("sudo", path) !== undefined,
    nodeMajorVersion: await nodeMajorVersion(),
  };
}

async function carryOut(plan: InstallPlan): Promise<void> {
  if (plan.kind === "ready") return;
  if (plan.kind === "cannot-install") throw new SetupError(plan.message);
  console.error(plan.notice);
  for (const [program, ...args] of plan.commands) {
    console.error(`$ ${[program, ...args].join(" ")}`);
    // stdin inherited so sudo can ask for a password at a terminal.
    const { success, code } = await new Deno.Command(program, {
      args,
      stdin: "inherit",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn().status;
    if (!success) {
      throw new SetupError(
        `\`${[program, ...args].join(" ")}\` failed (exit code ${code}).`,
      );
    }
  }
  const stillMissing = await findMissingPeers(PEERS);
  if (stillMissing.length > 0) {
    throw new SetupError(
      `apt-get finished but ${
        stillMissing.map((peer) => peer.program).join(", ")
      } still cannot be found where the tests look for them.`,
    );
  }
}

class SetupError extends Error {}

if (import.meta.main) {
  try {
    await carryOut(
      planInstall(await findMissingPeers(PEERS), await probeHost()),
    );
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    console.error(error.message);
    Deno.exit(1);
  }
}
