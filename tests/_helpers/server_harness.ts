/**
 * Runs a wiretype server on a real `Deno.serve` (127.0.0.1, a free port) for
 * a test, recording its log events instead of printing them.
 *
 * @module
 */
import {
  createServer,
  type LogEvent,
  type Server,
  type ServerOptions,
} from "../../src/server/mod.ts";

/** A served wiretype server and how to reach it. */
export interface TestServer {
  /** The server under test. */
  readonly server: Server;
  /** `ws://127.0.0.1:<port>`; append the route path. */
  readonly wsUrl: string;
  /** `http://127.0.0.1:<port>`. */
  readonly httpUrl: string;
  /** The port `Deno.serve` listens on. */
  readonly port: number;
  /** Every event the server logged, in order. */
  readonly logs: LogEvent[];
  /** Closes the wiretype server (1001 to everyone), then the HTTP listener. */
  close(): Promise<void>;
}

/**
 * Starts `createServer(options)` behind `Deno.serve` on port 0. Unless the
 * test passes its own logger, log events go to `logs`.
 *
 * @example
 * ```ts
 * const served = await serveForTest({ routes: [chatRoute(handlers)] });
 * try {
 *   // new WebSocket(`${served.wsUrl}/chat`) ...
 * } finally {
 *   await served.close();
 * }
 * ```
 */
export function serveForTest(options: ServerOptions): Promise<TestServer> {
  const logs: LogEvent[] = [];
  const server = createServer({
    logger: { log: (event) => logs.push(event) },
    ...options,
  });
  return new Promise((resolve) => {
    const http = Deno.serve({
      hostname: "127.0.0.1",
      port: 0,
      onListen: ({ port }) => {
        resolve({
          server,
          port,
          wsUrl: `ws://127.0.0.1:${port}`,
          httpUrl: `http://127.0.0.1:${port}`,
          logs,
          async close() {
            await server.close();
            await http.shutdown();
          },
        });
      },
    }, server.fetch);
  });
}

/**
 * Polls `condition` every 10 ms until it holds, failing after `timeoutMs`
 * with `what` in the message. For states a test cannot await directly, such
 * as a server counter.
 *
 * @example
 * ```ts
 * await waitFor(() => served.server.stats().openConnections === 0, "all closed");
 * ```
 */
export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadlineMs = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadlineMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
