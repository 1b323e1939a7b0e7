/**
 * The servers under test, each started as its own process on 127.0.0.1
 * port 0; the harness reads the port from its first line of output.
 *
 * @module
 */
import { withDeadline } from "../load/deadline.ts";
import type { DialectName } from "../load/dialects.ts";
import { launchCommand } from "./launch.ts";
import type { WorkloadName } from "./suite.ts";

/** The servers the bench compares. */
export type ServerKind =
  | "raw-deno"
  | "wiretype"
  | "node-ws"
  | "socket.io"
  | "wiretype-parallel";

/**
 * Every server, in table order: the floor first.
 *
 * @example
 * ```ts
 * for (const kind of SERVER_KINDS) console.log(SERVERS[kind].label);
 * ```
 */
export const SERVER_KINDS: readonly ServerKind[] = [
  "raw-deno",
  "wiretype",
  "node-ws",
  "socket.io",
  "wiretype-parallel",
];

/** Workers of the `wiretype-parallel` server (`DENO_JOBS`). */
export const PARALLEL_WORKERS = 2;

/** How to start one kind of server and speak to it. */
export interface ServerSpec {
  readonly kind: ServerKind;
  /** The row label in tables. */
  readonly label: string;
  readonly dialect: DialectName;
  readonly runtime: "deno" | "node";
  /** The server's entry file; it takes `--auth` when connections authenticate. */
  readonly script: string;
  /**
   * Run the entry file with `deno serve --parallel` and this many workers
   * (`DENO_JOBS`); it then reads `BENCH_AUTH=1` instead of `--auth`.
   */
  readonly parallelWorkers?: number;
  /** The workloads it takes part in; default: every one. */
  readonly workloads?: readonly WorkloadName[];
  /** Broadcast cases with fewer members are skipped; default: none. */
  readonly minBroadcastMembers?: number;
  /** Left out of the short run unless named in `--servers`. */
  readonly longRunOnly?: boolean;
}

const benchDir = new URL("../", import.meta.url).pathname;

/**
 * The specification of each server kind.
 *
 * @example
 * ```ts
 * SERVERS["node-ws"].runtime; // "node"
 * ```
 */
export const SERVERS: Readonly<Record<ServerKind, ServerSpec>> = {
  "raw-deno": {
    kind: "raw-deno",
    label: "raw Deno.upgradeWebSocket",
    dialect: "json",
    runtime: "deno",
    script: `${benchDir}servers/raw_deno.ts`,
  },
  "wiretype": {
    kind: "wiretype",
    label: "wiretype",
    dialect: "wiretype",
    runtime: "deno",
    script: `${benchDir}servers/wiretype_server.ts`,
  },
  "node-ws": {
    kind: "node-ws",
    label: "Node ws",
    dialect: "json",
    runtime: "node",
    script: `${benchDir}servers/node_ws.mjs`,
  },
  "socket.io": {
    kind: "socket.io",
    label: "Socket.IO",
    dialect: "socketio",
    runtime: "node",
    script: `${benchDir}servers/socket_io.mjs`,
  },
  // Broadcast only: it answers what it measures, spreading one room's
  // members over every core; echo and idle connections on several workers
  // would measure the kernel's spreading, not wiretype.
  "wiretype-parallel": {
    kind: "wiretype-parallel",
    label: `wiretype, deno serve --parallel (${PARALLEL_WORKERS} workers)`,
    dialect: "wiretype",
    runtime: "deno",
    script: `${benchDir}servers/wiretype_parallel.ts`,
    parallelWorkers: PARALLEL_WORKERS,
    workloads: ["broadcast"],
    // The question is the 10,000-member room (issue 17); the short bench
    // stays under two minutes without it.
    minBroadcastMembers: 10_000,
    longRunOnly: true,
  },
};

/** How to start a server. */
export interface ServerLaunch {
  /** Require authentication (JWT or ticket), signed with `jwtSecret`. */
  readonly auth: boolean;
  readonly jwtSecret: string;
  /** CPUs to pin the server to (`taskset -c`), if any. */
  readonly cpus: string | undefined;
  /** Write a CPU profile (`--cpu-prof`) into this directory when the server stops. */
  readonly profileDir?: string;
  /** Open the inspector (for heap snapshots) on this 127.0.0.1 port. */
  readonly inspectPort?: number;
}

/** A running server. */
export interface ServerProcess {
  readonly spec: ServerSpec;
  readonly pid: number;
  readonly port: number;
  /** The last lines it wrote, for error messages. */
  output(): string;
  /** The inspector's WebSocket URL, when started with `inspectPort`. */
  inspectorUrl(): string | undefined;
  /** Ends it (SIGTERM, then SIGKILL after 5 s) and waits for its exit. */
  stop(): Promise<void>;
}

/**
 * Where `spec`'s CPU profiles go when the settings ask for profiles.
 *
 * @example
 * ```ts
 * profileDirOf(SERVERS.wiretype, { profileDir: "/tmp/p" }); // "/tmp/p/wiretype"
 * ```
 */
export function profileDirOf(
  spec: ServerSpec,
  settings: { readonly profileDir?: string },
): string | undefined {
  return settings.profileDir === undefined
    ? undefined
    : `${settings.profileDir}/${spec.kind}`;
}

const START_TIMEOUT_MS = 30_000;
const KEEP_OUTPUT_LINES = 20;

/**
 * Starts `spec`'s server and resolves once it listens.
 *
 * @example
 * ```ts
 * const server = await startServer(SERVERS["raw-deno"], { auth: false, jwtSecret, cpus: "0" });
 * await server.stop();
 * ```
 */
export async function startServer(
  spec: ServerSpec,
  launch: ServerLaunch,
): Promise<ServerProcess> {
  const profile = [
    ...(launch.profileDir === undefined
      ? []
      : ["--cpu-prof", `--cpu-prof-dir=${launch.profileDir}`]),
    ...(launch.inspectPort === undefined
      ? []
      : [`--inspect=127.0.0.1:${launch.inspectPort}`]),
  ];
  const parallel = spec.parallelWorkers !== undefined;
  const argv = parallel
    ? [
      Deno.execPath(),
      "serve",
      "--parallel",
      "-A",
      ...profile,
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      spec.script,
    ]
    : [
      ...(spec.runtime === "deno"
        ? [Deno.execPath(), "run", "-A", ...profile]
        : ["node", ...profile]),
      spec.script,
      ...(launch.auth ? ["--auth"] : []),
    ];
  const { program, args } = launchCommand(argv, launch.cpus);
  const child = new Deno.Command(program, {
    args,
    // The servers exit when their stdin ends, i.e. when the harness is gone.
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: {
      BENCH_JWT_SECRET: launch.jwtSecret,
      ...(parallel
        ? {
          DENO_JOBS: String(spec.parallelWorkers),
          BENCH_AUTH: launch.auth ? "1" : "0",
          BENCH_FANOUT_CHANNEL: `wiretype-bench-${crypto.randomUUID()}`,
        }
        : {}),
    },
  }).spawn();
  const lines: string[] = [];
  let announcePort: ((port: number) => void) | undefined;
  let inspector: string | undefined;
  const listening = new Promise<number>((resolve) => announcePort = resolve);
  const keep = async (stream: ReadableStream<Uint8Array<ArrayBuffer>>) => {
    let partial = "";
    for await (const text of stream.pipeThrough(new TextDecoderStream())) {
      const parts = (partial + text).split("\n");
      partial = parts.pop()!;
      for (const line of parts) {
        // Ours say "listening <port>"; deno serve says
        // "deno serve: Listening on http://127.0.0.1:<port>/ with N threads".
        const port = /^listening (\d+)$/.exec(line)?.[1] ??
          /Listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(line)?.[1];
        if (port !== undefined) announcePort?.(Number(port));
        inspector ??= /Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1];
        lines.push(line);
        if (lines.length > KEEP_OUTPUT_LINES) lines.shift();
      }
    }
  };
  const drained = Promise.all([keep(child.stdout), keep(child.stderr)]);
  const output = () => lines.join("\n");
  const port = await withDeadline(
    Promise.race([listening, child.status.then(() => undefined)]),
    START_TIMEOUT_MS,
    () => undefined,
  );
  let stopped: Promise<void> | undefined;
  const stop = () =>
    stopped ??= (async () => {
      try {
        child.kill("SIGTERM");
      } catch {
        // Already gone.
      }
      await withDeadline(child.status.then(() => {}), 5_000, () => {
        try {
          child.kill("SIGKILL");
        } catch {
          // Gone meanwhile.
        }
      });
      await child.status;
      await child.stdin.close().catch(() => {});
      await drained;
    })();
  if (port === undefined) {
    await stop();
    throw new Error(`${spec.label} did not start listening:\n${output()}`);
  }
  return {
    spec,
    pid: child.pid,
    port,
    output,
    inspectorUrl: () => inspector,
    stop,
  };
}
