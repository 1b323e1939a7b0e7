/**
 * The room-broadcast workload: `members` connections join one room; a
 * sender posts a message every `intervalMs`; each member times its copy
 * against the send time written into the message. Reported: latency of
 * every delivery, time from send to the last delivery, and the fan-out rate
 * (members / that time).
 *
 * @module
 */
import type {
  MembersResult,
  MembersRoleConfig,
} from "../load/client_config.ts";
import { openClientConnection } from "../load/client_connection.ts";
import { dialectNamed } from "../load/dialects.ts";
import { Histogram, type LatencySummary } from "../load/histogram.ts";
import { epochNowMs } from "../load/epoch_clock.ts";
import { ClientPool } from "./client_pool.ts";
import { CpuMeter } from "./proc_stats.ts";
import {
  profileDirOf,
  type ServerSpec,
  startServer,
} from "./server_process.ts";
import { type BenchSettings, sleep, splitEvenly } from "./settings.ts";

/** One broadcast configuration. */
export interface BroadcastCase {
  readonly members: number;
  /** Time between two broadcasts. */
  readonly intervalMs: number;
}

/** What one broadcast run measured. */
export interface BroadcastMeasurement {
  /** Every delivery of every measured broadcast. */
  readonly latency: LatencySummary;
  /** Median over broadcasts of the time from send to the last delivery. */
  readonly lastDeliveryMs: number;
  /** Members reached per second of that median: the fan-out rate. */
  readonly deliveriesPerSecond: number;
  readonly serverCores: number;
  readonly clientCores: number;
  readonly problems: string | undefined;
}

const ROOM = "bench";
const DELIVERY_WAIT_MS = 15_000;

/**
 * Runs one broadcast case against a fresh `spec` server.
 *
 * @example
 * ```ts
 * const m = await measureBroadcast(SERVERS["raw-deno"], { members: 1_000, intervalMs: 100 }, settings);
 * ```
 */
export async function measureBroadcast(
  spec: ServerSpec,
  broadcastCase: BroadcastCase,
  settings: BenchSettings,
): Promise<BroadcastMeasurement> {
  const server = await startServer(spec, {
    auth: false,
    jwtSecret: settings.jwtSecret,
    cpus: settings.serverCpus,
    profileDir: profileDirOf(spec, settings),
  });
  try {
    const configs: MembersRoleConfig[] = splitEvenly(
      broadcastCase.members,
      settings.clientProcesses,
    )
      .map((connections) => ({
        role: "members",
        hostname: "127.0.0.1",
        port: server.port,
        dialect: spec.dialect,
        connections,
        room: ROOM,
        warmupBroadcasts: settings.warmupBroadcasts,
      }));
    const dialect = dialectNamed(spec.dialect);
    const pool = await ClientPool.start(configs, settings.clientCpus, 180_000);
    const sender = await openClientConnection({
      dialect,
      hostname: "127.0.0.1",
      port: server.port,
      service: "chat",
      readyTimeoutMs: 10_000,
      onMessage: () => {},
    });
    try {
      const total = settings.warmupBroadcasts + settings.broadcasts;
      let meter: CpuMeter | undefined;
      const firstAt = performance.now();
      for (let seq = 0; seq < total; seq++) {
        if (seq === settings.warmupBroadcasts) {
          meter = CpuMeter.start([server.pid, ...pool.pids]);
        }
        await sleep(
          firstAt + seq * broadcastCase.intervalMs - performance.now(),
        );
        sender.socket.send(
          dialect.sayRequest(ROOM, `${seq}:${epochNowMs().toFixed(3)}`),
        );
      }
      await sleep(broadcastCase.intervalMs);
      const [serverCores, ...clientCores] = meter!.stop();
      const results = await awaitDeliveries(pool, broadcastCase.members, total);
      return summarise(results, settings, broadcastCase.members, {
        serverCores,
        clientCores: clientCores.reduce((sum, cores) => sum + cores, 0),
      });
    } finally {
      await sender.close(5_000);
      await pool.stop();
    }
  } finally {
    await server.stop();
  }
}

/** Asks the members for their counts until every broadcast reached everyone, or time runs out. */
async function awaitDeliveries(
  pool: ClientPool,
  members: number,
  total: number,
): Promise<MembersResult[]> {
  const deadline = performance.now() + DELIVERY_WAIT_MS;
  for (;;) {
    await sleep(250);
    const results = await pool.step(
      { kind: "report" },
      "result",
      30_000,
    ) as unknown as MembersResult[];
    const delivered = results.reduce(
      (sum, result) =>
        sum +
        result.broadcasts.reduce(
          (count, [, deliveries]) => count + deliveries,
          0,
        ),
      0,
    );
    if (delivered >= members * total || performance.now() > deadline) {
      return results;
    }
  }
}

function summarise(
  results: readonly MembersResult[],
  settings: BenchSettings,
  members: number,
  cores: { serverCores: number; clientCores: number },
): BroadcastMeasurement {
  const histogram = new Histogram();
  const perBroadcast = new Map<
    number,
    { deliveries: number; slowestMs: number }
  >();
  for (const result of results) {
    histogram.merge(result.latency);
    for (const [seq, deliveries, slowestMs] of result.broadcasts) {
      if (seq < settings.warmupBroadcasts) continue;
      const entry = perBroadcast.get(seq) ?? { deliveries: 0, slowestMs: 0 };
      entry.deliveries += deliveries;
      entry.slowestMs = Math.max(entry.slowestMs, slowestMs);
      perBroadcast.set(seq, entry);
    }
  }
  const lastDeliveries = [...perBroadcast.values()].map((entry) =>
    entry.slowestMs
  ).sort((a, b) => a - b);
  const lastDeliveryMs =
    lastDeliveries[Math.floor(lastDeliveries.length / 2)] ?? NaN;
  const expected = members * settings.broadcasts;
  const delivered = [...perBroadcast.values()].reduce(
    (sum, entry) => sum + entry.deliveries,
    0,
  );
  const unexpected = results.reduce(
    (sum, result) => sum + result.unexpectedMessages,
    0,
  );
  const closes = results.reduce(
    (sum, result) => sum + result.unexpectedCloses,
    0,
  );
  const problems = [
    expected === 0 ? "no measured broadcast arrived" : undefined,
    delivered < expected
      ? `${expected - delivered} of ${expected} deliveries missing`
      : undefined,
    unexpected > 0 ? `${unexpected} unexpected messages` : undefined,
    closes > 0 ? `${closes} unexpected closes` : undefined,
  ].filter((problem) => problem !== undefined);
  return {
    latency: histogram.summary(),
    lastDeliveryMs,
    deliveriesPerSecond: members / (lastDeliveryMs / 1000),
    ...cores,
    problems: problems.length > 0 ? problems.join("; ") : undefined,
  };
}
