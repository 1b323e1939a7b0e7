/**
 * The connections workload: open `idleConnections` authenticated
 * connections (one user each) as fast as the server takes them, then hold
 * them idle and weigh the server. One run gives both the setup rate (with
 * the ticket flow for wiretype: a `POST` for a ticket, then the upgrade)
 * and the memory each idle connection costs (RSS delta / connections).
 *
 * @module
 */
import type {
  AuthConfig,
  ConnectResult,
  ConnectRoleConfig,
} from "../load/client_config.ts";
import { Histogram, type LatencySummary } from "../load/histogram.ts";
import { ClientPool } from "./client_pool.ts";
import { cpuSeconds, residentBytes } from "./proc_stats.ts";
import {
  profileDirOf,
  type ServerSpec,
  startServer,
} from "./server_process.ts";
import { type BenchSettings, sleep, splitEvenly } from "./settings.ts";

/** What one connections run measured. */
export interface ConnectionsMeasurement {
  readonly opened: number;
  /** Connections set up per second, all client processes together. */
  readonly connectionsPerSecond: number;
  /** Per connection, from the first request to ready. */
  readonly setupLatency: LatencySummary;
  /** Server CPU time per connection set up, in milliseconds. */
  readonly serverCpuMsPerConnection: number;
  /** Server RSS growth per open idle connection, in bytes. */
  readonly bytesPerConnection: number;
  readonly problems: string | undefined;
}

// The wiretype bench server's ticket endpoint: createAuthenticator's default.
const TICKET_PATH = "/auth/ticket";
// Connection attempts in flight per client process.
const CONCURRENCY_PER_PROCESS = 32;
// The server settles after start-up before its baseline is taken.
const BASELINE_SETTLE_MS = 1_000;

/**
 * Runs the connections workload against a fresh `spec` server started with
 * authentication on.
 *
 * @example
 * ```ts
 * const m = await measureConnections(SERVERS.wiretype, settings);
 * ```
 */
export async function measureConnections(
  spec: ServerSpec,
  settings: BenchSettings,
): Promise<ConnectionsMeasurement> {
  const server = await startServer(spec, {
    auth: true,
    jwtSecret: settings.jwtSecret,
    cpus: settings.serverCpus,
    profileDir: profileDirOf(spec, settings),
  });
  try {
    const configs = connectRoleConfigs(
      spec,
      server.port,
      settings.idleConnections,
      settings,
    );
    const pool = await ClientPool.start(configs, settings.clientCpus, 120_000);
    try {
      await sleep(BASELINE_SETTLE_MS);
      const baselineBytes = residentBytes(server.pid);
      const cpuBefore = cpuSeconds(server.pid);
      const results = await pool.step(
        { kind: "go" },
        "result",
        300_000,
      ) as unknown as ConnectResult[];
      const cpuAfter = cpuSeconds(server.pid);
      await sleep(settings.settleMs);
      const loadedBytes = residentBytes(server.pid);
      const histogram = new Histogram();
      for (const result of results) histogram.merge(result.latency);
      const opened = results.reduce((sum, result) => sum + result.opened, 0);
      const elapsedMs = Math.max(...results.map((result) => result.elapsedMs));
      return {
        opened,
        connectionsPerSecond: opened / (elapsedMs / 1000),
        setupLatency: histogram.summary(),
        serverCpuMsPerConnection: ((cpuAfter - cpuBefore) * 1000) / opened,
        bytesPerConnection: (loadedBytes - baselineBytes) / opened,
        problems: describeProblems(results),
      };
    } finally {
      await pool.stop();
    }
  } finally {
    await server.stop();
  }
}

function describeProblems(
  results: readonly ConnectResult[],
): string | undefined {
  const failed = results.reduce((sum, result) => sum + result.failed, 0);
  const unexpected = results.reduce(
    (sum, result) => sum + result.unexpectedMessages,
    0,
  );
  const closes = results.reduce(
    (sum, result) => sum + result.unexpectedCloses,
    0,
  );
  const problems = [
    failed > 0
      ? `${failed} failed (first: ${
        results.find((result) => result.firstError)?.firstError
      })`
      : undefined,
    unexpected > 0 ? `${unexpected} unexpected messages` : undefined,
    closes > 0
      ? `${closes} connections closed by the server while idle`
      : undefined,
  ].filter((problem) => problem !== undefined);
  return problems.length > 0 ? problems.join("; ") : undefined;
}

/**
 * The client processes' configs for opening `connections` authenticated
 * connections to `spec`'s server on `port`, one user each, the way that
 * stack authenticates (wiretype: the ticket flow; the others: the JWT).
 *
 * @example
 * ```ts
 * const pool = await ClientPool.start(connectRoleConfigs(spec, port, 2_000, settings), undefined, 60_000);
 * ```
 */
export function connectRoleConfigs(
  spec: ServerSpec,
  port: number,
  connections: number,
  settings: BenchSettings,
): ConnectRoleConfig[] {
  const auth: AuthConfig = spec.dialect === "wiretype" &&
      settings.wiretypeAuth === "ticket"
    ? { kind: "ticket", secret: settings.jwtSecret, ticketPath: TICKET_PATH }
    : { kind: "jwt", secret: settings.jwtSecret };
  let firstUserIndex = 0;
  return splitEvenly(connections, settings.clientProcesses).map((count) => {
    const config: ConnectRoleConfig = {
      role: "connect",
      hostname: "127.0.0.1",
      port,
      dialect: spec.dialect,
      connections: count,
      concurrency: CONCURRENCY_PER_PROCESS,
      auth,
      firstUserIndex,
    };
    firstUserIndex += count;
    return config;
  });
}
