/**
 * Runs `tests/_fixtures/fanout_server.ts` as a real `deno serve` process
 * (optionally `--parallel` with `DENO_JOBS` workers) on a free 127.0.0.1
 * port, and stops it with SIGTERM like a process manager would.
 *
 * @module
 */

/** A running `deno serve` process. */
export interface ServeProcess {
  /** The port it listens on. */
  readonly port: number;
  /** `http://127.0.0.1:<port>`. */
  readonly httpUrl: string;
  /** `ws://127.0.0.1:<port>`. */
  readonly wsUrl: string;
  /** Everything it printed so far (stdout and stderr interleaved). */
  output(): string;
  /** The fan-out counters one of its workers reports at `/fanout/stats`. */
  fanoutStats(): Promise<Record<string, unknown>>;
  /**
   * Sends SIGTERM and waits for the exit. Throws (after SIGKILL) if it did
   * not exit by itself within `timeoutMs`: a graceful shutdown that hangs is
   * a bug, often an open channel or connection keeping a worker alive.
   */
  stop(timeoutMs?: number): Promise<void>;
}

/** Settings of {@link startServeProcess}. */
export interface ServeProcessOptions {
  /** Extra environment of the server. */
  readonly env: Record<string, string>;
  /** Run `--parallel` with this many workers (`DENO_JOBS`). Default: one, no `--parallel`. */
  readonly parallelJobs?: number;
}

const FIXTURE = new URL("../_fixtures/fanout_server.ts", import.meta.url);
const REPO_ROOT = new URL("../../", import.meta.url);
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
  const child = new Deno.Command(Deno.execPath(), {
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
      FIXTURE.pathname,
    ],
    cwd: REPO_ROOT.pathname,
    env: {
      ...options.env,
      NO_COLOR: "1",
      ...(parallel ? { DENO_JOBS: String(options.parallelJobs) } : {}),
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let output = "";
  const decoder = () => new TextDecoderStream();
  const drained = Promise.all(
    [child.stdout, child.stderr].map((stream) =>
      stream.pipeThrough(decoder()).pipeTo(
        new WritableStream({ write: (chunk) => void (output += chunk) }),
      )
    ),
  );
  const status = child.status;
  let exited = false;
  status.then(() => exited = true);

  const stop = async (timeoutMs = 15_000): Promise<void> => {
    if (!exited) child.kill("SIGTERM");
    let timer: ReturnType<typeof setTimeout> | undefined;
    const inTime = await Promise.race([
      status.then(() => true),
      new Promise<boolean>((resolve) =>
        timer = setTimeout(() => resolve(false), timeoutMs)
      ),
    ]);
    clearTimeout(timer);
    if (!inTime) child.kill("SIGKILL");
    await status;
    await drained;
    if (!inTime) {
      throw new Error(
        `deno serve did not exit within ${timeoutMs} ms of SIGTERM; output:\n${output}`,
      );
    }
  };

  try {
    const port = await waitForPort(() => output, () => exited);
    const httpUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${httpUrl}/fanout/stats`, () => exited);
    return {
      port,
      httpUrl,
      wsUrl: `ws://127.0.0.1:${port}`,
      output: () => output,
      fanoutStats: async () =>
        await (await fetch(`${httpUrl}/fanout/stats`)).json(),
      stop,
    };
  } catch (error) {
    await stop(5_000).catch(() => {});
    throw new Error(
      `the fan-out test server did not start; output:\n${output}`,
      { cause: error },
    );
  }
}

async function waitForPort(
  output: () => string,
  exited: () => boolean,
): Promise<number> {
  const deadlineMs = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadlineMs && !exited()) {
    const match = output().match(/Listening on https?:\/\/127\.0\.0\.1:(\d+)/);
    if (match !== null) return Number(match[1]);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    exited() ? "it exited" : `no "Listening on" within ${READY_TIMEOUT_MS} ms`,
  );
}

async function waitForHttp(url: string, exited: () => boolean): Promise<void> {
  const deadlineMs = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadlineMs && !exited()) {
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
