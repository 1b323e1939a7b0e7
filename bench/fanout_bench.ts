/**
 * Fan-out benchmark: latency (p50/p99) and burst throughput of a room
 * broadcast on one node against the same broadcast across two nodes, with
 * wiretype's BroadcastChannel fan-out (`deno serve --parallel`), its Redis
 * fan-out (two processes, one redis-server) and Socket.IO with
 * `@socket.io/redis-adapter`, all in one run on the same machine. Prints a
 * Markdown table for bench/RESULTS.md.
 *
 * ```sh
 * deno run -A bench/fanout_bench.ts [--receivers-per-node 20] [--latency-messages 300] [--burst 2000]
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { startServeProcess } from "../tests/_helpers/fanout_serve_process.ts";
import { startRedisServer } from "../tests/_helpers/redis_server.ts";
import {
  type BenchClient,
  connectSocketIoBenchClient,
  connectWiretypeBenchClient,
  startSocketIoServer,
} from "./fanout_bench_clients.ts";
import { measureLatency, measureThroughput } from "./fanout_bench_measure.ts";
import { renderTable, type Row } from "./fanout_bench_report.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    "receivers-per-node": { type: "string", default: "20" },
    "latency-messages": { type: "string", default: "300" },
    "burst": { type: "string", default: "2000" },
    "rounds": { type: "string", default: "3" },
  },
});
const receiversPerNode = Number(values["receivers-per-node"]);
const latencyMessages = Number(values["latency-messages"]);
const burstMessages = Number(values.burst);
const rounds = Number(values.rounds);
const secret = crypto.randomUUID() + crypto.randomUUID();

/** Clients placed on nodes, and how to tear everything down. */
interface Placement {
  readonly sender: BenchClient;
  readonly receivers: BenchClient[];
  readonly nodes: number;
}

/**
 * Connects clients (round robin over `connectors`) until each of `nodes`
 * nodes has `perNode` receivers and the first node also the sender; extra
 * connections (a `--parallel` kernel may put many on one worker) are closed.
 */
async function place(
  connectors: readonly (() => Promise<BenchClient>)[],
  nodes: number,
  perNode: number,
  opened: BenchClient[],
): Promise<Placement> {
  const byNode = new Map<string, BenchClient[]>();
  const needed = nodes * perNode + 1;
  for (let attempt = 0; attempt < needed * 10; attempt++) {
    const client = await connectors[attempt % connectors.length]();
    opened.push(client);
    const list = byNode.get(client.nodeId) ?? [];
    byNode.set(client.nodeId, list);
    const quota = byNode.size === 1 || [...byNode.keys()][0] === client.nodeId
      ? perNode + 1
      : perNode;
    if (list.length < quota) list.push(client);
    else await client.close();
    const full = [...byNode.values()];
    if (
      full.length === nodes &&
      full.reduce((sum, l) => sum + l.length, 0) === needed
    ) {
      const [first, ...rest] = full;
      return {
        sender: first[0],
        receivers: [...first.slice(1), ...rest.flat()],
        nodes,
      };
    }
  }
  throw new Error(`could not place ${needed} clients on ${nodes} nodes`);
}

async function runMode(
  mode: string,
  setUp: (
    opened: BenchClient[],
  ) => Promise<{ placement: Placement; stop: () => Promise<void> }>,
  round: number,
): Promise<Row> {
  console.error(`round ${round}: ${mode}`);
  const opened: BenchClient[] = [];
  let stop = () => Promise.resolve();
  try {
    const started = await setUp(opened);
    stop = started.stop;
    const { sender, receivers, nodes } = started.placement;
    await measureLatency(sender, receivers, "warmup", 50);
    const latency = await measureLatency(
      sender,
      receivers,
      "run",
      latencyMessages,
    );
    const throughput = await measureThroughput(
      sender,
      receivers,
      "run",
      burstMessages,
    );
    return { mode, nodes, latency, throughput };
  } finally {
    await Promise.all(opened.map((client) => client.close()));
    await stop();
  }
}

const redis = await startRedisServer();
const rows: Row[] = [];
try {
  const wiretype =
    (env: Record<string, string>, processes: number, parallelJobs?: number) =>
    async (opened: BenchClient[]) => {
      const channel = `bench-${crypto.randomUUID()}`;
      const servers = await Promise.all(
        Array.from({ length: processes }, () =>
          startServeProcess({
            env: {
              FANOUT_JWT_SECRET: secret,
              FANOUT_CHANNEL: channel,
              FANOUT_MESSAGES_PER_SECOND: "1000000",
              ...env,
            },
            parallelJobs,
          })),
      );
      const nodes = env.FANOUT_KIND === "in-process" ? 1 : 2;
      const connectors = servers.map((server, i) => () =>
        connectWiretypeBenchClient(
          server.wsUrl,
          secret,
          `user-${i}-${opened.length}`,
        )
      );
      return {
        placement: await place(
          connectors,
          nodes,
          (receiversPerNode * 2) / nodes,
          opened,
        ),
        stop: async () =>
          void await Promise.all(servers.map((server) => server.stop())),
      };
    };
  const socketIo = (processes: number) => async (opened: BenchClient[]) => {
    const servers = await Promise.all(
      Array.from(
        { length: processes },
        () => startSocketIoServer(processes > 1 ? redis.url : undefined),
      ),
    );
    const connectors = servers.map((server) => () =>
      connectSocketIoBenchClient(server.httpUrl)
    );
    return {
      placement: await place(
        connectors,
        processes,
        (receiversPerNode * 2) / processes,
        opened,
      ),
      stop: async () =>
        void await Promise.all(servers.map((server) => server.stop())),
    };
  };

  const modes: [string, Parameters<typeof runMode>[1]][] = [
    [
      "wiretype, one node (InProcessFanout)",
      wiretype({ FANOUT_KIND: "in-process" }, 1),
    ],
    [
      "wiretype, BroadcastChannelFanout (deno serve --parallel, 2 workers)",
      wiretype({ FANOUT_KIND: "broadcast-channel" }, 1, 2),
    ],
    [
      "wiretype, RedisFanout (2 processes, 1 redis-server)",
      wiretype({ FANOUT_KIND: "redis", REDIS_URL: redis.url }, 2),
    ],
    ["Socket.IO 4, one node", socketIo(1)],
    ["Socket.IO 4 + @socket.io/redis-adapter (2 processes)", socketIo(2)],
  ];
  // Rounds interleave the modes, so a burst of load from other processes on
  // the machine does not fall on one mode only; the report takes medians.
  for (let round = 1; round <= rounds; round++) {
    for (const [mode, setUp] of modes) {
      rows.push(await runMode(`${mode}`, setUp, round));
    }
  }
} finally {
  await redis.stop();
}

console.log(
  `${
    receiversPerNode * 2
  } receivers in one room, 1 sender; latency over ${latencyMessages} messages sent one at a time; burst of ${burstMessages} messages; median of ${rounds} interleaved rounds.\n`,
);
console.log(renderTable(rows));
console.log(
  `\nDeno ${Deno.version.deno}, ${navigator.hardwareConcurrency} CPUs, load average ${
    Deno.loadavg().map((n) => n.toFixed(2)).join(" ")
  } at the end of the run.`,
);
