/**
 * Minimal repro of issue 17's starved connections: N connections each keep
 * K JSON echo requests in flight against one server process, and the driver
 * counts, per connection, the answers it got in the measured window and the
 * requests the server says it received. A connection with no answer is
 * starved; if the server also received nothing from it, the server never
 * read it (the requests sit in its socket), which rules out the generator.
 *
 * ```sh
 * deno run -A bench/fairness/repro.ts --server=ws --connections=1000 --inflight=16
 * deno run -A bench/fairness/repro.ts --server=tcp   # Deno.listen, own framing
 * deno run -A bench/fairness/repro.ts --server=node  # Node ws, if installed
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { RawSocket } from "../load/raw_socket.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    server: { type: "string", default: "ws" },
    connections: { type: "string", default: "1000" },
    inflight: { type: "string", default: "16" },
    "warmup-ms": { type: "string", default: "2000" },
    "window-ms": { type: "string", default: "5000" },
    runs: { type: "string", default: "1" },
  },
});
const connections = Number(values.connections);
const inflight = Number(values.inflight);
const warmupMs = Number(values["warmup-ms"]);
const windowMs = Number(values["window-ms"]);

const DRAIN_MS = 3000;
const here = new URL(".", import.meta.url).pathname;

function serverCommand(kind: string): Deno.Command {
  const stdio = { stdin: "piped", stdout: "piped", stderr: "inherit" } as const;
  if (kind === "node") {
    return new Deno.Command("node", {
      args: [`${here}node_ws_server.mjs`],
      env: { NODE_PATH: `${here}../.node/node_modules` },
      ...stdio,
    });
  }
  if (kind === "ws-parallel") {
    return new Deno.Command(Deno.execPath(), {
      args: [
        "serve",
        "--parallel",
        "-A",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        `${here}serve_echo.ts`,
      ],
      env: { DENO_JOBS: Deno.env.get("DENO_JOBS") ?? "2" },
      ...stdio,
      // It says where it listens on stderr.
      stderr: "piped",
    });
  }
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${here}server.ts`, kind],
    ...stdio,
  });
}

/** CPU seconds (user + system) of a process so far, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1]
    .split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function firstLine(
  stream: ReadableStream<Uint8Array<ArrayBuffer>>,
): Promise<string> {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server ended before listening: ${text}`);
    text += value;
  }
  reader.releaseLock();
  return text.slice(0, text.indexOf("\n"));
}

interface RunResult {
  messagesPerSecond: number;
  starved: number;
  neverRead: number | null;
  serverCores: number;
  fewestAnswers: number;
  mostAnswers: number;
  starvedAnsweredAfterLoad: number;
  /** Server-side sockets with unread bytes, sampled mid-window. */
  serverSocketsWithUnreadBytes: number;
  /** Client-side sockets with unread bytes, sampled mid-window. */
  clientSocketsWithUnreadBytes: number;
}

/**
 * Counts the established sockets of `port` holding bytes not yet read, on
 * each side, from `ss`: where requests wait tells who is not reading.
 */
async function receiveQueues(
  port: number,
): Promise<{ server: number; client: number }> {
  const { stdout } = await new Deno.Command("ss", {
    args: ["-tnH", "state", "established"],
    stdout: "piped",
  }).output();
  let server = 0;
  let client = 0;
  for (const line of new TextDecoder().decode(stdout).split("\n")) {
    const [recvQ, , local, peer] = line.trim().split(/\s+/);
    if (Number(recvQ) === 0 || peer === undefined) continue;
    if (local.endsWith(`:${port}`)) server++;
    else if (peer.endsWith(`:${port}`)) client++;
  }
  return { server, client };
}

async function runOnce(kind: string): Promise<RunResult> {
  const child = serverCommand(kind).spawn();
  try {
    const line = await firstLine(
      kind === "ws-parallel" ? child.stderr : child.stdout,
    );
    // `deno serve` says "Listening on http://127.0.0.1:<port>/".
    const [, port, statsPort] = kind === "ws-parallel"
      ? [, /:(\d+)\//.exec(line)![1], /:(\d+)\//.exec(line)![1]]
      : line.split(" ");
    const request = `{"type":"echo","id":1,"data":{"seq":1,"payload":"${
      "x".repeat(64)
    }"}}`;
    let measuring = false;
    let running = true;
    const answers = new Array<number>(connections).fill(0);
    // Answers after the load stopped: a starved connection answered then
    // was waiting its turn, not lost.
    const answersAfter = new Array<number>(connections).fill(0);
    const sockets: RawSocket[] = [];
    for (let i = 0; i < connections; i += 32) {
      const batch = [];
      for (let j = i; j < Math.min(i + 32, connections); j++) {
        batch.push(
          RawSocket.connect({
            hostname: "127.0.0.1",
            port: Number(port),
            path: "/echo",
          }, {
            text: (socket) => {
              if (measuring) answers[j]++;
              else if (!running) answersAfter[j]++;
              if (running) socket.send(request);
            },
            closed: () => {},
          }),
        );
      }
      sockets.push(...await Promise.all(batch));
    }
    for (const socket of sockets) {
      for (let k = 0; k < inflight; k++) socket.send(request);
    }
    await new Promise((resolve) => setTimeout(resolve, warmupMs));
    await (await fetch(`http://127.0.0.1:${statsPort}/reset`)).body?.cancel();
    const cpuBefore = cpuSeconds(child.pid);
    const startedAt = performance.now();
    measuring = true;
    await new Promise((resolve) => setTimeout(resolve, windowMs / 2));
    const queues = await receiveQueues(Number(port));
    await new Promise((resolve) => setTimeout(resolve, windowMs / 2));
    measuring = false;
    const elapsedSeconds = (performance.now() - startedAt) / 1000;
    const serverCores = (cpuSeconds(child.pid) - cpuBefore) / elapsedSeconds;
    const { received } = await (await fetch(
      `http://127.0.0.1:${statsPort}/stats`,
    )).json() as { received: number[] };
    running = false;
    await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
    await Promise.all(sockets.map((socket) => socket.close()));
    const total = answers.reduce((sum, count) => sum + count, 0);
    return {
      messagesPerSecond: Math.round(total / elapsedSeconds),
      starved: answers.filter((count) => count === 0).length,
      // Under --parallel each worker counts its own: not known here.
      neverRead: received.length === 0
        ? null
        : received.filter((count) => count === 0).length,
      serverCores: Math.round(serverCores * 100) / 100,
      fewestAnswers: Math.min(...answers),
      mostAnswers: Math.max(...answers),
      starvedAnsweredAfterLoad: answers.filter((count, index) =>
        count === 0 && answersAfter[index] > 0
      ).length,
      serverSocketsWithUnreadBytes: queues.server,
      clientSocketsWithUnreadBytes: queues.client,
    };
  } finally {
    child.stdin.close();
    child.kill("SIGTERM");
    await child.status;
  }
}

for (let run = 0; run < Number(values.runs); run++) {
  const result = await runOnce(values.server!);
  console.log(
    JSON.stringify({
      server: values.server,
      connections,
      inflight,
      windowMs,
      ...result,
    }),
  );
}
