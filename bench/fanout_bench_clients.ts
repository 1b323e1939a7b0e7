/**
 * The two kinds of clients the fan-out benchmark drives, behind one small
 * interface: wiretype `/probe` clients (over the test fixture server) and
 * Socket.IO clients (over bench/fanout_socketio_server.ts).
 *
 * @module
 */
import { io } from "socket.io-client";
import { connectProbeClient } from "../tests/_helpers/fanout_probe_client.ts";

/** One benchmark client: it can broadcast to the room and records arrivals. */
export interface BenchClient {
  /** The node it is connected to. */
  readonly nodeId: string;
  /** `performance.now()` at which each tag arrived. */
  readonly arrivals: Map<string, number>;
  /** Broadcasts `tag` to everyone else in the room. */
  sendToRoom(tag: string): void;
  /** Disconnects. */
  close(): Promise<void>;
}

/** The room every benchmark client joins. */
export const BENCH_ROOM = "bench";

/**
 * Connects a wiretype client to `wsUrl`, joins the room and learns its node.
 *
 * @example
 * ```ts
 * const client = await connectWiretypeBenchClient(served.wsUrl, secret, "u1");
 * ```
 */
export async function connectWiretypeBenchClient(
  wsUrl: string,
  secret: string,
  userId: string,
): Promise<BenchClient> {
  const client = await connectProbeClient(wsUrl, secret, userId);
  const { nodeId } = await client.call("whoami", { verbose: false }) as {
    nodeId: string;
  };
  await client.call("join", { room: BENCH_ROOM });
  const arrivals = new Map<string, number>();
  // The probe list grows without bound; the benchmark reads arrivals instead.
  const drain = () => {
    for (const probe of client.probes.splice(0)) {
      arrivals.set(probe.tag, probe.receivedAtMs);
    }
  };
  return {
    nodeId,
    get arrivals() {
      drain();
      return arrivals;
    },
    sendToRoom(tag) {
      client.send("toRoom", { room: BENCH_ROOM, tag, exceptSelf: true });
    },
    close: () => client.close(),
  };
}

/**
 * Connects a Socket.IO client (WebSocket transport only) and joins the room.
 *
 * @example
 * ```ts
 * const client = await connectSocketIoBenchClient("http://127.0.0.1:3000");
 * ```
 */
export async function connectSocketIoBenchClient(
  httpUrl: string,
): Promise<BenchClient> {
  const socket = io(httpUrl, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
  });
  const arrivals = new Map<string, number>();
  socket.on("probe", (data: { tag: string }) => {
    arrivals.set(data.tag, performance.now());
  });
  const nodeId = await socket.timeout(10_000).emitWithAck(
    "join",
    BENCH_ROOM,
  ) as string;
  return {
    nodeId,
    arrivals,
    sendToRoom(tag) {
      socket.emit("toRoom", { room: BENCH_ROOM, tag });
    },
    close() {
      socket.disconnect();
      return Promise.resolve();
    },
  };
}

/** A running Socket.IO benchmark server. */
export interface SocketIoServer {
  readonly httpUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts bench/fanout_socketio_server.ts, with the Redis adapter if
 * `redisUrl` is given.
 *
 * @example
 * ```ts
 * const server = await startSocketIoServer(redis.url);
 * await server.stop();
 * ```
 */
export async function startSocketIoServer(
  redisUrl?: string,
): Promise<SocketIoServer> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("./fanout_socketio_server.ts", import.meta.url).pathname,
    ],
    env: redisUrl === undefined ? {} : { REDIS_URL: redisUrl },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let output = "";
  while (!/listening (\d+)/.test(output)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`Socket.IO server exited: ${output}`);
    output += value;
  }
  // Keep reading so the pipe never fills up.
  const drained = (async () => {
    while (!(await reader.read()).done) { /* discard */ }
  })();
  const port = output.match(/listening (\d+)/)![1];
  return {
    httpUrl: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGTERM");
      await child.status;
      await drained;
    },
  };
}
