/**
 * Runs the demo chat (`examples/chat/main.ts`) as a real subprocess on
 * 127.0.0.1, so a browser test can kill it like a crash and start it again
 * on the same port.
 *
 * @module
 */
import { spawnServer } from "./spawned_server.ts";

const MAIN = new URL("../../examples/chat/main.ts", import.meta.url).pathname;

/** A running demo process, see {@link startDemoServer}. */
export interface DemoServer extends AsyncDisposable {
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
  const server = await spawnServer({
    args: ["run", "--allow-net", "--allow-read", "--allow-env", MAIN],
    env: {
      PORT: String(options.port ?? 0),
      HOST: "127.0.0.1",
      WIRETYPE_DEMO_SECRET: options.secret,
    },
  });
  return {
    url: server.httpUrl,
    port: server.port,
    kill: async () => void await server.stop("SIGKILL"),
    stop: async () => void await server.stop("SIGTERM"),
    [Symbol.asyncDispose]: async () => void await server.stop("SIGTERM"),
  };
}
