/**
 * Where each server's memory per idle connection goes: opens authenticated
 * connections exactly as the idle workload does, takes a heap snapshot
 * through the inspector before and after (each after a full GC), and prints
 * the JavaScript heap growth per connection by object kind, and for Deno
 * servers the native heap's growth (glibc's bytes in use). Together they
 * are what the connections hold; the idle workload's RSS figure also
 * holds V8's unused heap pages and the allocator's free lists, which
 * depend on when it is read.
 *
 * ```sh
 * deno run -A bench/heap_profile.ts                       # raw Deno and wiretype, 2,000 connections
 * deno run -A bench/heap_profile.ts --servers=wiretype,node-ws --connections=5000
 * deno run -A bench/heap_profile.ts --connections=10000 --wiretype-auth=header
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { ClientPool } from "./harness/client_pool.ts";
import { connectRoleConfigs } from "./harness/connections_workload.ts";
import { heapGrowth, takeHeapSnapshot } from "./harness/heap_snapshot.ts";
import { mallocInUseBytes } from "./harness/native_heap.ts";
import { ensureNodePackages } from "./harness/node_deps.ts";
import {
  SERVER_KINDS,
  type ServerKind,
  SERVERS,
  startServer,
} from "./harness/server_process.ts";
import { type BenchSettings, sleep } from "./harness/settings.ts";

const TOP_KINDS = 15;

async function profileServer(
  kind: ServerKind,
  connections: number,
  wiretypeAuth: BenchSettings["wiretypeAuth"],
): Promise<void> {
  const spec = SERVERS[kind];
  const settings: BenchSettings = {
    warmupMs: 0,
    durationMs: 0,
    warmupBroadcasts: 0,
    broadcasts: 0,
    idleConnections: connections,
    settleMs: 1_000,
    serverCpus: undefined,
    clientCpus: undefined,
    clientProcesses: navigator.hardwareConcurrency,
    jwtSecret: crypto.randomUUID() + crypto.randomUUID(),
    wiretypeAuth,
  };
  const server = await startServer(spec, {
    auth: true,
    jwtSecret: settings.jwtSecret,
    cpus: undefined,
    inspectPort: freePort(),
  });
  try {
    await sleep(settings.settleMs);
    const inspector = server.inspectorUrl();
    if (inspector === undefined) {
      throw new Error(
        `${spec.label} printed no inspector URL:\n${server.output()}`,
      );
    }
    const before = await takeHeapSnapshot(inspector);
    const mallocBefore = await mallocInUseBytes(inspector);
    const pool = await ClientPool.start(
      connectRoleConfigs(spec, server.port, connections, settings),
      undefined,
      120_000,
    );
    try {
      const results = await pool.step({ kind: "go" }, "result", 300_000);
      const opened = results.reduce(
        (sum, result) => sum + Number(result.opened),
        0,
      );
      await sleep(settings.settleMs);
      const growth = heapGrowth(
        before,
        await takeHeapSnapshot(inspector),
        opened,
      );
      const mallocAfter = await mallocInUseBytes(inspector);
      const total = growth.reduce((sum, entry) => sum + entry.bytes, 0);
      const native = mallocBefore === undefined || mallocAfter === undefined
        ? "native heap not readable"
        : `${
          ((mallocAfter - mallocBefore) / opened / 1024).toFixed(2)
        } KiB of native heap (malloc in use)`;
      console.log(
        `\n## ${spec.label}: ${
          (total / 1024).toFixed(2)
        } KiB of JS heap and ${native} per connection (${opened} open)\n`,
      );
      console.log(
        "| bytes per connection | objects per connection | kind |\n| ---: | ---: | --- |",
      );
      for (const entry of growth.slice(0, TOP_KINDS)) {
        console.log(
          `| ${entry.bytes.toFixed(0)} | ${
            entry.count.toFixed(2)
          } | ${entry.kind} |`,
        );
      }
    } finally {
      await pool.stop();
    }
  } finally {
    await server.stop();
  }
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  return port;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      servers: { type: "string", default: "raw-deno,wiretype" },
      connections: { type: "string", default: "2000" },
      "wiretype-auth": { type: "string", default: "ticket" },
    },
    strict: true,
  });
  const servers = values.servers.split(",") as ServerKind[];
  const unknown = servers.filter((server) => !SERVER_KINDS.includes(server));
  const connections = Number(values.connections);
  const wiretypeAuth = values["wiretype-auth"];
  if (
    unknown.length > 0 || !(connections >= 1) ||
    (wiretypeAuth !== "ticket" && wiretypeAuth !== "header")
  ) {
    console.error(
      `usage: deno run -A bench/heap_profile.ts [--servers=${
        SERVER_KINDS.join(",")
      }] [--connections=N] [--wiretype-auth=ticket|header]`,
    );
    Deno.exit(2);
  }
  if (servers.some((server) => SERVERS[server].runtime === "node")) {
    await ensureNodePackages();
  }
  for (const server of servers) {
    await profileServer(server, connections, wiretypeAuth);
  }
}
