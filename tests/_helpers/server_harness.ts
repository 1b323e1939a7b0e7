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
} from "@wiretype/wiretype/server";

/**
 * A served wiretype server and how to reach it; `await using` closes it at
 * the end of the scope.
 */
export interface TestServer extends AsyncDisposable {
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
  /**
   * The first logged event of `kind` that `match` accepts, as soon as it is
   * logged (at once if it already was); fails after `timeoutMs`. The server
   * logs `connection_closed` after it has counted the close and removed the
   * connection from its rooms, so awaiting it replaces polling for either.
   */
  waitForLog<K extends LogEvent["kind"]>(
    kind: K,
    match?: (event: Extract<LogEvent, { kind: K }>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<LogEvent, { kind: K }>>;
  /**
   * Resolves once the server has finished closing `count` connections in
   * all (logged `connection_closed` that many times).
   */
  waitForCloses(count: number, timeoutMs?: number): Promise<void>;
  /** Closes the wiretype server (1001 to everyone), then the HTTP listener. */
  close(): Promise<void>;
}

/**
 * Starts `createServer(options)` behind `Deno.serve` on port 0. Unless the
 * test passes its own logger, log events go to `logs`.
 *
 * @example
 * ```ts
 * await using served = await serveForTest({ routes: [chatRoute(handlers)] });
 * // new WebSocket(`${served.wsUrl}/chat`) ...
 * ```
 */
export function serveForTest(options: ServerOptions): Promise<TestServer> {
  const logs: LogEvent[] = [];
  const logWaiters = new Set<() => void>();
  const server = createServer({
    logger: {
      log(event) {
        logs.push(event);
        for (const wake of logWaiters) wake();
      },
    },
    ...options,
  });
  const waitForLog = async <K extends LogEvent["kind"]>(
    kind: K,
    match: (event: Extract<LogEvent, { kind: K }>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<Extract<LogEvent, { kind: K }>> => {
    const deadlineMs = Date.now() + timeoutMs;
    while (true) {
      const found = logs.find((
        event,
      ): event is Extract<LogEvent, { kind: K }> =>
        event.kind === kind &&
        match(event as Extract<LogEvent, { kind: K }>)
      );
      if (found !== undefined) return found;
      const remainingMs = deadlineMs - Date.now();
      if (remainingMs <= 0) {
        throw new Error(
          `no ${kind} log event within ${timeoutMs} ms; logged: ${
            logs.map((event) => event.kind).join(", ")
          }`,
        );
      }
      let wake = () => {};
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
        logWaiters.add(wake);
        timer = setTimeout(resolve, remainingMs);
      });
      logWaiters.delete(wake);
      clearTimeout(timer);
    }
  };
  return new Promise((resolve) => {
    const http = Deno.serve({
      hostname: "127.0.0.1",
      port: 0,
      onListen: ({ port }) => {
        const close = async () => {
          await server.close();
          await http.shutdown();
        };
        resolve({
          server,
          port,
          wsUrl: `ws://127.0.0.1:${port}`,
          httpUrl: `http://127.0.0.1:${port}`,
          logs,
          waitForLog,
          async waitForCloses(count, timeoutMs) {
            const closes = () =>
              logs.filter((event) => event.kind === "connection_closed")
                .length;
            await waitForLog(
              "connection_closed",
              () => closes() >= count,
              timeoutMs,
            );
          },
          close,
          [Symbol.asyncDispose]: close,
        });
      },
    }, server.fetch);
  });
}

/**
 * Polls `condition` every 10 ms until it holds, failing after `timeoutMs`
 * with `what` in the message. The last resort, for states with no event to
 * await: prefer a client's frames or close, a hook, or
 * {@link TestServer.waitForLog}.
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
