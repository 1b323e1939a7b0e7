/**
 * Runs the demo chat (`examples/chat/main.ts`) as a real subprocess on
 * 127.0.0.1, so a browser test can kill it like a crash and start it again
 * on the same port.
 *
 * @module
 */

const MAIN = new URL("../../examples/chat/main.ts", import.meta.url).pathname;
const REPO_ROOT = new URL("../../", import.meta.url).pathname;
const READY_TIMEOUT_MS = 60_000;
const LISTENING = /demo chat on http:\/\/[^:]+:(\d+)\//;

/** A running demo process, see {@link startDemoServer}. */
export interface DemoServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** SIGKILL: connections drop without a close frame, as in a crash. */
  kill(): Promise<void>;
  /** SIGTERM: the demo closes everyone with 1001 and exits. */
  stop(): Promise<void>;
}

/**
 * Starts the demo on `port` (0: a free one) with a fixed token secret, so
 * tokens issued before a restart stay valid after it, and waits until it
 * listens. Fails with the demo's output if it exits first.
 *
 * @example
 * ```ts
 * const demo = await startDemoServer({ secret: "x".repeat(32) });
 * await demo.kill();
 * const again = await startDemoServer({ port: demo.port, secret: "x".repeat(32) });
 * ```
 */
export async function startDemoServer(
  options: { port?: number; secret: string },
): Promise<DemoServer> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--allow-read", "--allow-env", MAIN],
    cwd: REPO_ROOT,
    env: {
      PORT: String(options.port ?? 0),
      HOST: "127.0.0.1",
      WIRETYPE_DEMO_SECRET: options.secret,
      NO_COLOR: "1",
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output: string[] = [];
  const port = Promise.withResolvers<number>();
  const drained = Promise.all([
    drain(child.stdout, (line) => {
      output.push(line);
      const match = LISTENING.exec(line);
      if (match) port.resolve(Number(match[1]));
    }),
    drain(child.stderr, (line) => output.push(line)),
  ]);
  const exited = child.status.then((status) => {
    port.reject(
      new Error(
        `the demo exited with ${status.code} before listening:\n${
          output.join("\n")
        }`,
      ),
    );
    return status;
  });
  const timer = setTimeout(
    () =>
      port.reject(
        new Error(
          `the demo did not listen within ${READY_TIMEOUT_MS} ms:\n${
            output.join("\n")
          }`,
        ),
      ),
    READY_TIMEOUT_MS,
  );
  const end = async (signal: Deno.Signal) => {
    try {
      child.kill(signal);
    } catch {
      // Already exited.
    }
    await exited;
    await drained;
  };
  try {
    const listeningPort = await port.promise;
    return {
      url: `http://127.0.0.1:${listeningPort}`,
      port: listeningPort,
      kill: () => end("SIGKILL"),
      stop: () => end("SIGTERM"),
    };
  } catch (error) {
    await end("SIGKILL");
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function drain(
  stream: ReadableStream<Uint8Array>,
  onLine: (line: string) => void,
): Promise<void> {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of stream) {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  }
  if (pending) onLine(pending);
}
