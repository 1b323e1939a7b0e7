/**
 * How long and how hard each workload runs, and where processes run: one
 * object built by the CLI, read by every workload.
 *
 * @module
 */

/** Settings shared by the workloads of one bench invocation. */
export interface BenchSettings {
  /** Echo: load before the measured window. */
  readonly warmupMs: number;
  /** Echo: the measured window. */
  readonly durationMs: number;
  /** Broadcast: unmeasured broadcasts sent first. */
  readonly warmupBroadcasts: number;
  /** Broadcast: measured broadcasts. */
  readonly broadcasts: number;
  /** Idle: connections opened and held. */
  readonly idleConnections: number;
  /** Idle: wait after the last connection opened before weighing the server. */
  readonly settleMs: number;
  /** CPUs for servers (`taskset -c`), or undefined to let the OS place them. */
  readonly serverCpus: string | undefined;
  /** CPUs for client processes, or undefined. */
  readonly clientCpus: string | undefined;
  /** How many load-generator processes share the connections of a workload. */
  readonly clientProcesses: number;
  /** HS256 secret of this invocation's tokens. */
  readonly jwtSecret: string;
  /**
   * How wiretype's connections authenticate: a ticket, then the upgrade
   * (what a browser does), or the JWT in the upgrade's `Authorization`
   * header (one request, as the other servers take their token).
   */
  readonly wiretypeAuth: "ticket" | "header";
  /** When set, servers write CPU profiles into `<profileDir>/<server kind>/`. */
  readonly profileDir?: string;
}

/**
 * Splits `total` into `parts` counts that differ by at most one.
 *
 * @example
 * ```ts
 * splitEvenly(10, 3); // [4, 3, 3]
 * ```
 */
export function splitEvenly(total: number, parts: number): number[] {
  return Array.from(
    { length: parts },
    (_, index) => Math.floor(total / parts) + (index < total % parts ? 1 : 0),
  ).filter((count) => count > 0);
}

/**
 * Resolves after `ms` milliseconds.
 *
 * @example
 * ```ts
 * await sleep(100);
 * ```
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
