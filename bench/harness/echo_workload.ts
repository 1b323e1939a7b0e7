/**
 * The echo workload: `connections` clients each keep `inflight` requests
 * outstanding against one server; messages per second and latency over a
 * measured window after a warm-up, with the CPU both sides used.
 *
 * @module
 */
import type { EchoResult, EchoRoleConfig } from "../load/client_config.ts";
import { Histogram, type LatencySummary } from "../load/histogram.ts";
import { ClientPool } from "./client_pool.ts";
import { CpuMeter } from "./proc_stats.ts";
import {
  profileDirOf,
  type ServerSpec,
  startServer,
} from "./server_process.ts";
import { type BenchSettings, sleep, splitEvenly } from "./settings.ts";

/** One echo configuration. */
export interface EchoCase {
  readonly connections: number;
  readonly inflight: number;
  readonly payloadBytes: number;
}

/** What one echo run measured. */
export interface EchoMeasurement {
  readonly messagesPerSecond: number;
  readonly latency: LatencySummary;
  /** Cores the server kept busy (1 = one core). */
  readonly serverCores: number;
  /** Cores the load generator's processes kept busy, together. */
  readonly clientCores: number;
  /**
   * Connections that got no answer during the whole window while others
   * were served: how unfair the server is under saturation.
   */
  readonly starvedConnections: number;
  /** Unexpected messages, closes or mismatched answers, if any. */
  readonly problems: string | undefined;
}

// Time for the `go` line to reach every client before the warm-up counts.
const START_MARGIN_MS = 250;

/**
 * Runs one echo case against a fresh `spec` server.
 *
 * @example
 * ```ts
 * const m = await measureEcho(SERVERS.wiretype, { connections: 64, inflight: 1, payloadBytes: 64 }, settings);
 * ```
 */
export async function measureEcho(
  spec: ServerSpec,
  echoCase: EchoCase,
  settings: BenchSettings,
): Promise<EchoMeasurement> {
  const server = await startServer(spec, {
    auth: false,
    jwtSecret: settings.jwtSecret,
    cpus: settings.serverCpus,
    profileDir: profileDirOf(spec, settings),
  });
  try {
    const configs: EchoRoleConfig[] = splitEvenly(
      echoCase.connections,
      settings.clientProcesses,
    )
      .map((connections) => ({
        role: "echo",
        hostname: "127.0.0.1",
        port: server.port,
        dialect: spec.dialect,
        connections,
        inflight: echoCase.inflight,
        payloadBytes: echoCase.payloadBytes,
      }));
    const pool = await ClientPool.start(configs, settings.clientCpus, 120_000);
    try {
      const measureFromMs = Date.now() + START_MARGIN_MS + settings.warmupMs;
      const measureUntilMs = measureFromMs + settings.durationMs;
      await pool.send({ kind: "go", measureFromMs, measureUntilMs });
      await sleep(measureFromMs - Date.now());
      const meter = CpuMeter.start([server.pid, ...pool.pids]);
      await sleep(measureUntilMs - Date.now());
      const [serverCores, ...clientCores] = meter.stop();
      const results = await pool.expectAll(
        "result",
        60_000,
      ) as unknown as EchoResult[];
      const histogram = new Histogram();
      for (const result of results) histogram.merge(result.latency);
      const answers = results.reduce((sum, result) => sum + result.answers, 0);
      return {
        messagesPerSecond: answers / (settings.durationMs / 1000),
        latency: histogram.summary(),
        serverCores,
        clientCores: clientCores.reduce((sum, cores) => sum + cores, 0),
        starvedConnections: results.reduce(
          (sum, result) => sum + result.starved,
          0,
        ),
        problems: describeProblems(results),
      };
    } finally {
      await pool.stop();
    }
  } finally {
    await server.stop();
  }
}

function describeProblems(results: readonly EchoResult[]): string | undefined {
  const unexpected = results.reduce(
    (sum, result) => sum + result.unexpectedMessages,
    0,
  );
  const closes = results.reduce(
    (sum, result) => sum + result.unexpectedCloses,
    0,
  );
  const mismatches = results.reduce(
    (sum, result) => sum + result.mismatches,
    0,
  );
  if (unexpected + closes + mismatches === 0) return undefined;
  const first = results.find((result) => result.firstUnexpected)
    ?.firstUnexpected;
  return `${unexpected} unexpected messages${
    first ? ` (first: ${first})` : ""
  }, ` +
    `${closes} unexpected closes, ${mismatches} mismatched answers`;
}
