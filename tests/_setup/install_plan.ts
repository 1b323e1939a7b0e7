/**
 * Decides what `deno task test` must do before the suite runs, from what the
 * probes found: nothing, install the missing Debian packages with apt-get
 * (through sudo when not root), or stop and tell the user what to install.
 * A pure function, so the decisions are tested without touching the machine.
 *
 * @module
 */
import { MINIMUM_NODE_MAJOR } from "./peers.ts";

/** A peer the probes did not find (see `PEERS`). */
export interface MissingPeer {
  readonly program: string;
  readonly debianPackage: string;
  readonly neededBy: string;
}

/** What the probes found about the machine itself. */
export interface Host {
  /** Whether this process runs as root (uid 0). */
  readonly isRoot: boolean;
  /** Whether apt-get is on PATH (a Debian or Ubuntu machine). */
  readonly hasAptGet: boolean;
  /** Whether sudo is on PATH. */
  readonly hasSudo: boolean;
  /** The major version of `node` on PATH; undefined when there is none. */
  readonly nodeMajorVersion: number | undefined;
}

/** What to do before the suite runs. */
export type InstallPlan =
  | { readonly kind: "ready" }
  | {
    readonly kind: "install";
    /** Printed before the commands run: what is installed and why. */
    readonly notice: string;
    /** Argument vectors, run in order; each must succeed. */
    readonly commands: readonly (readonly string[])[];
  }
  | {
    readonly kind: "cannot-install";
    /** What is missing and what the user should run or install. */
    readonly message: string;
  };

/**
 * Plans the set-up: installs `missing` with apt-get when the machine can,
 * otherwise explains what to install. Node is never installed here (Debian
 * 12's nodejs is older than the tests need); its absence stops the plan.
 *
 * @example Usage
 * ```ts
 * import { planInstall } from "./install_plan.ts";
 * const plan = planInstall([], {
 *   isRoot: true,
 *   hasAptGet: true,
 *   hasSudo: false,
 *   nodeMajorVersion: 22,
 * });
 * console.log(plan.kind); // "ready"
 * ```
 */
export function planInstall(
  missing: readonly MissingPeer[],
  host: Host,
): InstallPlan {
  const problems: string[] = [];
  if (
    host.nodeMajorVersion === undefined ||
    host.nodeMajorVersion < MINIMUM_NODE_MAJOR
  ) {
    problems.push(
      `${
        host.nodeMajorVersion === undefined
          ? "node is not on PATH"
          : `node ${host.nodeMajorVersion} is too old`
      }: install Node.js ${MINIMUM_NODE_MAJOR} or newer (https://nodejs.org), which the Node client tests run.`,
    );
  }
  const packages = missing.map((peer) => peer.debianPackage);
  const installLine = `apt-get install -y ${packages.join(" ")}`;
  if (missing.length > 0) {
    if (!host.hasAptGet) {
      problems.push(
        `${
          listMissing(missing)
        }, and this machine has no apt-get to install them: ` +
          `install ${
            packages.join(", ")
          } (Debian package names) with your package manager.`,
      );
    } else if (!host.isRoot && !host.hasSudo) {
      problems.push(
        `${listMissing(missing)}, and installing them needs root: ` +
          `run \`apt-get update && ${installLine}\` as root, or install sudo.`,
      );
    } else if (problems.length > 0) {
      problems.push(
        `${listMissing(missing)}: \`${installLine}\` installs them.`,
      );
    }
  }
  if (problems.length > 0) {
    return {
      kind: "cannot-install",
      message: [
        "The test suite cannot run on this machine yet:",
        ...problems.map((problem) => `  - ${problem}`),
      ].join("\n"),
    };
  }
  if (missing.length === 0) return { kind: "ready" };
  const asRoot = host.isRoot ? [] : ["sudo"];
  return {
    kind: "install",
    notice: [
      `Installing ${packages.join(", ")} with apt-get${
        host.isRoot ? "" : " (through sudo)"
      }; the tests drive these as real peers:`,
      ...missing.map((peer) =>
        `  - ${peer.debianPackage}: ${peer.program} for ${peer.neededBy}`
      ),
    ].join("\n"),
    commands: [
      [...asRoot, "apt-get", "update", "-q"],
      [
        ...asRoot,
        "env",
        "DEBIAN_FRONTEND=noninteractive",
        "apt-get",
        "install",
        "-y",
        "-q",
        ...packages,
      ],
    ],
  };
}

function listMissing(missing: readonly MissingPeer[]): string {
  return `${missing.map((peer) => peer.program).join(", ")} ${
    missing.length === 1 ? "is" : "are"
  } missing`;
}
