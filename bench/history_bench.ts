/**
 * History benchmark: what keeping room history costs a broadcast. One
 * `deno serve` process of `tests/_fixtures/fanout_server.ts` (one node,
 * `InProcessFanout`) per mode: history off, history in a
 * `MemoryHistoryStore`, history in a `RedisHistoryStore` on a redis-server
 * this bench starts; the same real WebSocket clients on 127.0.0.1 measure
 * latency and burst throughput of a room broadcast, and the server's CPU
 * time (and redis-server's) per message. Then memory per retained message,
 * in a child process with `--expose-gc` (bench/history_bench_memory.ts).
 * Prints Markdown for bench/RESULTS.md.
 *
 * ```sh
 * deno run -A bench/history_bench.ts [--receivers 20] [--latency-messages 300] [--burst 5000] [--rounds 7]
 *   [--profile DIR] [--skip-memory]
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { createClient } from "redis";
import { startServeProcess } from "../tests/_helpers/fanout_serve_process.ts";
import { startRedisServer } from "../tests/_helpers/redis_server.ts";
import {
  type BenchClient,
  connectWiretypeBenchClient,
} from "./fanout_bench_clients.ts";
import { measureLatency, measureThroughput } from "./fanout_bench_measure.ts";
import { cpuSeconds } from "./harness/proc_stats.ts";
import {
  type HistoryRow,
  renderMemoryTable,
  renderThroughputTable,
} from "./history_bench_report.ts";
import type { MemoryReport } from "./history_bench_memory.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    "receivers": { type: "string", default: "20" },
    "latency-messages": { type: "string", default: "300" },
    "burst": { type: "string", default: "5000" },
    "rounds": { type: "string", default: "7" },
    // Write a --cpu-prof profile of every server into DIR/<history>/.
    "profile": { type: "string" },
    "skip-memory": { type: "boolean", default: false },
  },
});
const receiverCount = Number(values.receivers);
const latencyMessages = Number(values["latency-messages"]);
const burstMessages = Number(values.burst);
const rounds = Number(values.rounds);
const secret = crypto.randomUUID() + crypto.randomUUID();
const startedMs = performance.now();
const loadAtStart = Deno.loadavg()[0];

/** A mode: its name in the table and the fixture's environment. */
interface Mode {
  readonly history: HistoryRow["history"];
  readonly env: Record<string, string>;
}

/** redis-server's CPU seconds so far (user + system), from INFO. */
type RedisCpu = () => Promise<number>;

async function runMode(
  mode: Mode,
  round: number,
  redisCpu: RedisCpu,
): Promise<HistoryRow> {
  console.error(`round ${round}: history ${mode.history}`);
  const server = await startServeProcess({
    env: {
      FANOUT_JWT_SECRET: secret,
      // A fresh prefix: every mode starts with empty streams.
      FANOUT_CHANNEL: `history-bench-${crypto.randomUUID()}`,
      FANOUT_MESSAGES_PER_SECOND: "1000000",
      FANOUT_KIND: "in-process",
      ...mode.env,
    },
    ...(values.profile === undefined ? {} : {
      denoFlags: [
        "--cpu-prof",
        `--cpu-prof-dir=${values.profile}/${mode.history}`,
      ],
    }),
  });
  const clients: BenchClient[] = [];
  try {
    for (let index = 0; index <= receiverCount; index++) {
      clients.push(
        await connectWiretypeBenchClient(
          server.wsUrl,
          secret,
          `user-${index}`,
        ),
      );
    }
    const [sender, ...receivers] = clients;
    await measureLatency(sender, receivers, "warmup", 50);
    const latency = await measureLatency(
      sender,
      receivers,
      "run",
      latencyMessages,
    );
    const serverCpuBefore = cpuSeconds(server.pid);
    const redisCpuBefore = await redisCpu();
    const throughput = await measureThroughput(
      sender,
      receivers,
      "run",
      burstMessages,
    );
    const perThousand = (seconds: number) =>
      (seconds * 1_000) / (burstMessages / 1_000);
    return {
      round,
      history: mode.history,
      latency: latency.sameNode!,
      throughput,
      serverCpuMsPerThousand: perThousand(
        cpuSeconds(server.pid) - serverCpuBefore,
      ),
      redisCpuMsPerThousand: mode.env.FANOUT_HISTORY === "redis"
        ? perThousand(await redisCpu() - redisCpuBefore)
        : undefined,
    };
  } finally {
    await Promise.all(clients.map((client) => client.close()));
    await server.stop();
  }
}

/** Runs bench/history_bench_memory.ts with `--expose-gc` and reads its report. */
async function measureMemory(redisUrl: string): Promise<MemoryReport> {
  console.error("memory per retained message");
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--v8-flags=--expose-gc",
      new URL("./history_bench_memory.ts", import.meta.url).pathname,
      "--redis-url",
      redisUrl,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!output.success) throw new Error("the memory measurement failed");
  return JSON.parse(new TextDecoder().decode(output.stdout));
}

const redis = await startRedisServer();
const redisClient = createClient({ url: redis.url });
const rows: HistoryRow[] = [];
let memory: MemoryReport | undefined;
let redisVersion = "";
try {
  await redisClient.connect();
  redisVersion = /^redis_version:(\S+)/m.exec(
    await redisClient.info("server"),
  )![1];
  const redisCpu: RedisCpu = async () => {
    const info = await redisClient.info("cpu");
    const field = (name: string) =>
      Number(new RegExp(`^${name}:([\\d.]+)`, "m").exec(info)![1]);
    return field("used_cpu_user") + field("used_cpu_sys");
  };
  const modes: Mode[] = [
    { history: "off", env: {} },
    { history: "MemoryHistoryStore", env: { FANOUT_HISTORY: "memory" } },
    {
      history: "RedisHistoryStore",
      env: { FANOUT_HISTORY: "redis", REDIS_URL: redis.url },
    },
  ];
  // Rounds interleave the modes, so a burst of load from other processes on
  // the machine does not fall on one mode only; the report takes medians.
  for (let round = 1; round <= rounds; round++) {
    for (const mode of modes) rows.push(await runMode(mode, round, redisCpu));
  }
  memory = values["skip-memory"] ? undefined : await measureMemory(redis.url);
} finally {
  await redisClient.close();
  await redis.stop();
}

console.log(
  `${receiverCount} receivers in one room and 1 sender on one node; latency over ${latencyMessages} messages sent one at a time; burst of ${burstMessages} messages; median of ${rounds} interleaved rounds; ratios taken within each round, then the median.\n`,
);
console.log(renderThroughputTable(rows));
console.log();
if (memory !== undefined) console.log(renderMemoryTable(memory));
console.log(
  `\nDeno ${Deno.version.deno}, redis-server ${redisVersion}, ${navigator.hardwareConcurrency} CPUs, load average ${
    loadAtStart.toFixed(2)
  } at the start and ${Deno.loadavg()[0].toFixed(2)} at the end; the run took ${
    Math.round((performance.now() - startedMs) / 1_000)
  } s.`,
);
