/**
 * Runs every workload against every server, `runs` times, one server
 * process at a time. Within a run all servers face the same workload back
 * to back, so ratios compare numbers taken minutes, not hours, apart; the
 * server order rotates between runs so none always goes first.
 *
 * @module
 */
import {
  type BroadcastCase,
  type BroadcastMeasurement,
  measureBroadcast,
} from "./broadcast_workload.ts";
import {
  type ConnectionsMeasurement,
  measureConnections,
} from "./connections_workload.ts";
import {
  type EchoCase,
  type EchoMeasurement,
  measureEcho,
} from "./echo_workload.ts";
import { type ServerKind, SERVERS } from "./server_process.ts";
import type { BenchSettings } from "./settings.ts";

/** The workloads the suite knows. */
export type WorkloadName = "echo" | "broadcast" | "connections";

/** What to run. */
export interface SuitePlan {
  readonly workloads: readonly WorkloadName[];
  readonly servers: readonly ServerKind[];
  readonly echoCases: readonly EchoCase[];
  readonly broadcastCases: readonly BroadcastCase[];
  readonly runs: number;
}

/** One measurement (or its failure) of one server in one run. */
export type Outcome<M> =
  | { readonly run: number; readonly server: ServerKind; readonly value: M }
  | {
    readonly run: number;
    readonly server: ServerKind;
    readonly error: string;
  };

/** Outcomes of one case of a workload, e.g. echo with 64 connections and K=16. */
export interface CaseOutcomes<C, M> {
  readonly workload: WorkloadName;
  readonly testCase: C;
  readonly outcomes: Outcome<M>[];
}

/** Everything a suite measured. */
export interface SuiteResults {
  readonly echo: CaseOutcomes<EchoCase, EchoMeasurement>[];
  readonly broadcast: CaseOutcomes<BroadcastCase, BroadcastMeasurement>[];
  readonly connections: CaseOutcomes<
    { readonly connections: number },
    ConnectionsMeasurement
  >[];
}

/**
 * Runs `plan`, logging progress through `log`.
 *
 * @example
 * ```ts
 * const results = await runSuite(plan, settings, console.error);
 * ```
 */
export async function runSuite(
  plan: SuitePlan,
  settings: BenchSettings,
  log: (line: string) => void,
): Promise<SuiteResults> {
  const results: SuiteResults = {
    echo: plan.echoCases.map((testCase) => ({
      workload: "echo",
      testCase,
      outcomes: [],
    })),
    broadcast: plan.broadcastCases.map((testCase) => ({
      workload: "broadcast",
      testCase,
      outcomes: [],
    })),
    connections: [{
      workload: "connections",
      testCase: { connections: settings.idleConnections },
      outcomes: [],
    }],
  };
  for (let run = 1; run <= plan.runs; run++) {
    const servers = rotate(plan.servers, run - 1);
    for (const workload of plan.workloads) {
      const cases = results[workload] as CaseOutcomes<unknown, unknown>[];
      for (const entry of cases) {
        for (const server of servers) {
          if (!takesPart(server, workload, entry.testCase)) continue;
          const label = `run ${run}/${plan.runs} ${workload} ${
            describeCase(entry.testCase)
          } ${server}`;
          const startedAt = performance.now();
          try {
            const value = await measure(
              workload,
              entry.testCase,
              server,
              settings,
            );
            entry.outcomes.push({ run, server, value });
            log(
              `${label}: ${
                ((performance.now() - startedAt) / 1000).toFixed(1)
              } s`,
            );
          } catch (error) {
            const message = error instanceof Error
              ? error.message
              : String(error);
            entry.outcomes.push({ run, server, error: message });
            log(`${label}: FAILED ${message}`);
          }
        }
      }
    }
  }
  return results;
}

function measure(
  workload: WorkloadName,
  testCase: unknown,
  server: ServerKind,
  settings: BenchSettings,
): Promise<unknown> {
  const spec = SERVERS[server];
  switch (workload) {
    case "echo":
      return measureEcho(spec, testCase as EchoCase, settings);
    case "broadcast":
      return measureBroadcast(spec, testCase as BroadcastCase, settings);
    case "connections":
      return measureConnections(spec, settings);
  }
}

/**
 * A short label for a workload case, as used in logs and table headings.
 *
 * @example
 * ```ts
 * describeCase({ connections: 64, inflight: 16, payloadBytes: 64 }); // "connections=64 inflight=16 payloadBytes=64"
 * ```
 */
export function describeCase(testCase: unknown): string {
  return Object.entries(testCase as Record<string, unknown>)
    .map(([key, value]) => `${key}=${value}`)
    .join(" ");
}

/** False for a server that sits out a workload or case (see its spec). */
function takesPart(
  server: ServerKind,
  workload: WorkloadName,
  testCase: unknown,
): boolean {
  const { workloads, minBroadcastMembers = 0 } = SERVERS[server];
  if (workloads !== undefined && !workloads.includes(workload)) return false;
  return workload !== "broadcast" ||
    (testCase as BroadcastCase).members >= minBroadcastMembers;
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % Math.max(1, items.length);
  return [...items.slice(shift), ...items.slice(0, shift)];
}
