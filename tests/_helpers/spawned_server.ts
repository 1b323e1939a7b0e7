/**
 * Runs a server as a real `deno` subprocess from the repository root, waits
 * for the line that says where it listens, and stops it with a signal the
 * way a process manager or a crash would.
 *
 * @module
 */

/**
 * A running server subprocess, see {@link spawnServer}; `await using`
 * stops it (SIGTERM) at the end of the scope.
 */
export interface SpawnedServer extends AsyncDisposable {
  /** The process id, e.g. to send a second signal while `stop` waits. */
  readonly pid: number;
  /** The port it listens on. */
  readonly port: number;
  /** `http://127.0.0.1:<port>`. */
  readonly httpUrl: string;
  /** `ws://127.0.0.1:<port>`. */
  readonly wsUrl: string;
  /** Everything it printed so far, stdout and stderr interleaved by line. */
  output(): string;
  /**
   * Sends `signal` (default SIGTERM; SIGKILL is a crash) unless the process
   * has exited, and waits for the exit; returns the exit code. Throws, after
   * SIGKILL, if it did not end within `timeoutMs`: a shutdown that hangs is
   * a bug. Safe to call again (e.g. in `finally`).
   */
  stop(signal?: Deno.Signal, timeoutMs?: number): Promise<number>;
}

/** Settings of {@link spawnServer}. */
export interface SpawnServerOptions {
  /** Arguments after `deno`, e.g. `["task", "demo"]`. */
  readonly args: readonly string[];
  /** The environment of the server (NO_COLOR is added). */
  readonly env?: Record<string, string>;
  /** Matches the line announcing the port; group 1 is the port. Default: `http://host:PORT/`. */
  readonly listening?: RegExp;
  /** How long to wait for that line. Default 60 000. */
  readonly startTimeoutMs?: number;
  /** The working directory (its deno.json applies). Default: the repository root. */
  readonly cwd?: string;
}

const REPO_ROOT = new URL("../../", import.meta.url).pathname;
const DEFAULT_LISTENING = /https?:\/\/[^\s/]+:(\d+)\//;

/**
 * Starts `deno <args>` and resolves once it announced its port. If it exits
 * or stays silent first, rejects with everything it printed.
 *
 * @example
 * ```ts
 * await using demo = await spawnServer({ args: ["task", "demo"], env: { PORT: "0" } });
 * await fetch(`${demo.httpUrl}/healthz`);
 * ```
 */
export async function spawnServer(
  options: SpawnServerOptions,
): Promise<SpawnedServer> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [...options.args],
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...options.env, NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines: string[] = [];
  const listening = options.listening ?? DEFAULT_LISTENING;
  const port = Promise.withResolvers<number>();
  const onLine = (line: string) => {
    lines.push(line);
    const match = listening.exec(line);
    if (match) port.resolve(Number(match[1]));
  };
  const drained = Promise.all([
    readLines(child.stdout, onLine),
    readLines(child.stderr, onLine),
  ]);
  let exited = false;
  const status = child.status.then((status) => {
    exited = true;
    port.reject(
      new Error(
        `exited with ${status.code} before listening:\n${lines.join("\n")}`,
      ),
    );
    return status;
  });
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const timer = setTimeout(
    () =>
      port.reject(
        new Error(
          `did not listen within ${startTimeoutMs} ms:\n${lines.join("\n")}`,
        ),
      ),
    startTimeoutMs,
  );
  const stop = async (
    signal: Deno.Signal = "SIGTERM",
    timeoutMs = 15_000,
  ): Promise<number> => {
    if (!exited) child.kill(signal);
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    const inTime = await Promise.race([
      status.then(() => true),
      new Promise<boolean>((resolve) =>
        killTimer = setTimeout(() => resolve(false), timeoutMs)
      ),
    ]);
    clearTimeout(killTimer);
    if (!inTime) child.kill("SIGKILL");
    const { code } = await status;
    await drained;
    if (!inTime) {
      throw new Error(
        `did not exit within ${timeoutMs} ms of ${signal}:\n${
          lines.join("\n")
        }`,
      );
    }
    return code;
  };
  try {
    const listeningPort = await port.promise;
    return {
      pid: child.pid,
      port: listeningPort,
      httpUrl: `http://127.0.0.1:${listeningPort}`,
      wsUrl: `ws://127.0.0.1:${listeningPort}`,
      output: () => lines.join("\n"),
      stop,
      [Symbol.asyncDispose]: async () => void await stop(),
    };
  } catch (error) {
    await stop("SIGKILL").catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Calls `onLine` with each line of `stream` (a child's stdout or stderr) as
 * it arrives, the last one even without a newline; resolves at its end.
 *
 * @example
 * ```ts
 * await readLines(child.stdout, (line) => console.log(line));
 * ```
 */
export async function readLines(
  stream: ReadableStream<Uint8Array<ArrayBuffer>>,
  onLine: (line: string) => void,
): Promise<void> {
  let pending = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    const parts = (pending + chunk).split("\n");
    pending = parts.pop()!;
    for (const part of parts) onLine(part);
  }
  if (pending) onLine(pending);
}
