/**
 * wiretype's benchmarks side by side with the peers users would pick
 * instead: raw `Deno.upgradeWebSocket` (the floor), Node `ws` and
 * Socket.IO, each started as its own process and driven by the same
 * multi-process load generator. Prints a markdown table and writes it to
 * bench/results/latest.md.
 *
 * ```sh
 * deno task bench                      # short: one run of everything, under 2 minutes
 * deno task bench --long               # 3 runs, longer windows, and wiretype on parallel workers: the numbers for RESULTS.md
 * deno task bench --long --update-results   # ...and put the tables into bench/RESULTS.md
 * deno task bench --only=echo --servers=raw-deno,wiretype --profile=/tmp/profiles
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { ensureNodePackages } from "./harness/node_deps.ts";
import { requireOpenFiles } from "./harness/launch.ts";
import { describeMachine } from "./harness/machine.ts";
import { checkSocketIoClient } from "./harness/socket_io_check.ts";
import { loadSavedResults, publish } from "./harness/publish.ts";
import {
  SERVER_KINDS,
  type ServerKind,
  SERVERS,
} from "./harness/server_process.ts";
import type { BenchSettings } from "./harness/settings.ts";
import {
  runSuite,
  type SuitePlan,
  type WorkloadName,
} from "./harness/suite.ts";

const USAGE =
  `usage: deno task bench [--long] [--runs=N] [--only=echo,broadcast,connections]
       [--servers=raw-deno,wiretype,node-ws,socket.io,wiretype-parallel] [--payload-bytes=N]
       [--echo=64x1,64x16,1000x1,1000x16 (the short run: 64x1,1000x16)]
       [--pin] [--profile=DIR] [--update-results] [--out=FILE]
       [--wiretype-auth=ticket|header]
       [--from-json=FILE]`;

const WORKLOADS: readonly WorkloadName[] = ["echo", "broadcast", "connections"];
const benchDir = new URL("./", import.meta.url).pathname;

/** Parses the command line into a plan and settings; throws with the usage on a bad flag. */
function configure(args: string[]): {
  plan: SuitePlan;
  settings: BenchSettings;
  updateResults: boolean;
  outFile: string;
  fromJson: string | undefined;
} {
  const { values } = parseArgs({
    args,
    options: {
      "long": { type: "boolean", default: false },
      "runs": { type: "string" },
      "only": { type: "string" },
      "servers": { type: "string" },
      "payload-bytes": { type: "string", default: "64" },
      "echo": { type: "string" },
      "pin": { type: "boolean", default: false },
      "profile": { type: "string" },
      "update-results": { type: "boolean", default: false },
      "from-json": { type: "string" },
      "out": { type: "string", default: `${benchDir}results/latest.md` },
      "wiretype-auth": { type: "string", default: "ticket" },
    },
    strict: true,
  });
  const long = values.long;
  const runs = Number(values.runs ?? (long ? 3 : 1));
  const payloadBytes = Number(values["payload-bytes"]);
  const workloads = listOption(values.only, WORKLOADS, "--only");
  const servers = values.servers === undefined && !long
    ? SERVER_KINDS.filter((kind) => !SERVERS[kind].longRunOnly)
    : listOption(values.servers, SERVER_KINDS, "--servers");
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`--runs must be a positive integer\n${USAGE}`);
  }
  if (
    !Number.isInteger(payloadBytes) || payloadBytes < 1 || payloadBytes > 60_000
  ) {
    throw new Error(
      `--payload-bytes must be an integer from 1 to 60000\n${USAGE}`,
    );
  }
  const wiretypeAuth = values["wiretype-auth"];
  if (wiretypeAuth !== "ticket" && wiretypeAuth !== "header") {
    throw new Error(`--wiretype-auth must be ticket or header\n${USAGE}`);
  }
  const cores = navigator.hardwareConcurrency;
  const pin = values.pin && cores >= 2;
  return {
    plan: {
      workloads,
      servers,
      runs,
      // The short run keeps the two ends, to stay under 2 minutes.
      echoCases: echoCases(
        values.echo ?? (long ? "64x1,64x16,1000x1,1000x16" : "64x1,1000x16"),
        payloadBytes,
      ),
      broadcastCases: [
        { members: 1_000, intervalMs: 100 },
        { members: 10_000, intervalMs: 500 },
      ],
    },
    settings: {
      warmupMs: long ? 1_000 : 500,
      durationMs: long ? 5_000 : 1_000,
      warmupBroadcasts: long ? 3 : 2,
      broadcasts: long ? 30 : 6,
      // Per-connection figures; the short run weighs half as many to stay under 2 min.
      idleConnections: long ? 10_000 : 5_000,
      settleMs: long ? 3_000 : 1_000,
      serverCpus: pin ? "0" : undefined,
      clientCpus: pin ? (cores === 2 ? "1" : `1-${cores - 1}`) : undefined,
      clientProcesses: pin ? Math.max(1, cores - 1) : cores,
      jwtSecret: crypto.randomUUID() + crypto.randomUUID(),
      wiretypeAuth,
      ...(values.profile === undefined ? {} : { profileDir: values.profile }),
    },
    updateResults: values["update-results"],
    fromJson: values["from-json"],
    outFile: values.out,
  };
}

/** `64x1,1000x16` (connections x in flight) into echo cases. */
function echoCases(value: string, payloadBytes: number) {
  return value.split(",").map((item) => {
    const match = /^(\d+)x(\d+)$/.exec(item.trim());
    if (match === null || Number(match[1]) < 1 || Number(match[2]) < 1) {
      throw new Error(
        `--echo: "${item}" is not CONNECTIONSxINFLIGHT\n${USAGE}`,
      );
    }
    return {
      connections: Number(match[1]),
      inflight: Number(match[2]),
      payloadBytes,
    };
  });
}

function listOption<T extends string>(
  value: string | undefined,
  known: readonly T[],
  flag: string,
): T[] {
  if (value === undefined) return [...known];
  const chosen = value.split(",").map((item) => item.trim());
  const unknown = chosen.filter((item) => !known.includes(item as T));
  if (unknown.length > 0) {
    throw new Error(
      `${flag}: unknown ${unknown.join(", ")}; known: ${
        known.join(", ")
      }\n${USAGE}`,
    );
  }
  return chosen as T[];
}

async function main(args: string[]): Promise<void> {
  const { plan, settings, updateResults, outFile, fromJson } = configure(args);
  const log = (line: string) => console.error(`[bench] ${line}`);
  if (fromJson !== undefined) {
    // Render saved results again (after a change to the tables), measure nothing.
    console.log(
      await publish(await loadSavedResults(fromJson), {
        outFile,
        resultsFile: updateResults ? `${benchDir}RESULTS.md` : undefined,
        log,
      }),
    );
    return;
  }
  const needsNode = plan.servers.some((server: ServerKind) =>
    server === "node-ws" || server === "socket.io"
  );
  if (needsNode) await ensureNodePackages();
  if (plan.servers.includes("socket.io")) await checkSocketIoClient(settings);
  await requireOpenFiles(settings.idleConnections + 1_024);
  const machine = await describeMachine();
  const startedAt = new Date();
  log(
    `${plan.runs} run(s) of ${plan.workloads.join(", ")} against ${
      plan.servers.join(", ")
    }`,
  );
  const results = await runSuite(plan, settings, log);
  const context = {
    machine,
    plan,
    settings,
    command: ["deno task bench", ...args].join(" "),
    startedAt,
  };
  console.log(
    await publish({ context, results }, {
      outFile,
      resultsFile: updateResults ? `${benchDir}RESULTS.md` : undefined,
      log,
    }),
  );
  log(`done in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s`);
}

if (import.meta.main) {
  try {
    await main(Deno.args);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    Deno.exit(1);
  }
}
