/**
 * Runs `tests/_fixtures/fanout_server.ts` as a real `deno serve` process
 * (optionally `--parallel` with `DENO_JOBS` workers) on a free 127.0.0.1
 * port, and stops it with SIGTERM like a process manager would.
 *
 * @module
 */
import { type SpawnedServer, spawnServer } from "./spawned_server.ts";

/** A running `deno serve` process of the fan-out test server. */
export interface ServeProcess extends SpawnedServer {
  /** The fan-out counters one of its workers reports at `/fanout/stats`. */
  fanoutStats(): Promise<Record<string, unknown>>;
}

/** Settings of {@link startServeProcess}. */
export interface ServeProcessOptions {
  /** Extra environment of the server. */
  readonly env: Record<string, string>;
  /** Run `--parallel` with this many workers (`DENO_JOBS`). Default: one, no `--parallel`. */
  readonly parallelJobs?: number;
  /** Extra `deno serve` flags, e.g. `--cpu-prof` for a benchmark's profile. */
  readonly denoFlags?: readonly string[];
}

const FIXTURE = new URL("../_fixtures/fanout_server.ts", import.meta.url);
const READY_TIMEOUT_MS = 60_000;

/**
 * Starts the fan-out test server and waits until it answers HTTP.
 *
 * @example
 * ```ts
 * const served = await startServeProcess({ env: { FANOUT_JWT_SECRET: secret }, parallelJobs: 2 });
 * try {
 *   // connect to served.wsUrl + "/probe"
 * } finally {
 *   await served.stop();
 * }
 * ```
 */
export async function startServeProcess(
  options: ServeProcessOptions,
): Promise<ServeProcess> {
  const parallel = options.parallelJobs !== undefined;
  const server = await spawnServer({
    args: [
      "serve",
      "--allow-net",
      "--allow-env",
      "--allow-read",
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      ...(parallel ? ["--parallel"] : []),
      ...(options.denoFlags ?? []),
      FIXTURE.pathname,
    ],
    env: {
      ...options.env,
      ...(parallel ? { DENO_JOBS: String(options.parallelJobs) } : {}),
    },
    listening: /Listening on https?:\/\/127\.0\.0\.1:(\d+)/,
    startTimeoutMs: READY_TIMEOUT_MS,
  });
  try {
    // Every worker listens once deno serve says so, but a worker may still be
    // starting its fan-out: wait until one answers.
    await waitForHttp(`${server.httpUrl}/fanout/stats`);
    return {
      ...server,
      fanoutStats: async () =>
        await (await fetch(`${server.httpUrl}/fanout/stats`)).json(),
    };
  } catch (error) {
    await server.stop("SIGKILL").catch(() => {});
    throw new Error(
      `the fan-out test server did not start; output:\n${server.output()}`,
      { cause: error },
    );
  }
}

async function waitForHttp(url: string): Promise<void> {
  const deadlineMs = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadlineMs) {
    try {
      const response = await fetch(url);
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer 200`);
}
