/**
 * Starts `tests/server/_fixtures/chat_server_process.ts` as a child process
 * and waits for the port it prints.
 *
 * @module
 */

const FIXTURE = new URL(
  "../server/_fixtures/chat_server_process.ts",
  import.meta.url,
).pathname;
const STARTUP_TIMEOUT_MS = 60_000;

/** A chat server running in a child process. */
export interface ServerProcess {
  /** The child; send it signals. */
  readonly child: Deno.ChildProcess;
  /** The port it listens on (127.0.0.1). */
  readonly port: number;
  /** Waits for the exit; kills it first with SIGKILL if `kill` is set. */
  stop(kill?: boolean): Promise<Deno.CommandStatus>;
}

/**
 * Spawns the chat server process with `v8Flags` and `rooms` (the rooms its
 * `/memory` report checks).
 *
 * @example
 * ```ts
 * const server = await startServerProcess();
 * server.child.kill("SIGTERM");
 * assertEquals((await server.stop()).success, true);
 * ```
 */
export async function startServerProcess(
  { v8Flags = [], rooms = 10 }: { v8Flags?: string[]; rooms?: number } = {},
): Promise<ServerProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...v8Flags.map((flag) => `--v8-flags=${flag}`),
      "--allow-net",
      "--allow-read",
      "--allow-env",
      FIXTURE,
      String(rooms),
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  let stopped: Promise<Deno.CommandStatus> | undefined;
  const stop = (kill = false) => {
    if (kill) {
      try {
        child.kill("SIGKILL");
      } catch {
        // already exited
      }
    }
    return stopped ??= (async () => {
      await child.stdout.cancel().catch(() => {});
      return await child.status;
    })();
  };
  try {
    return { child, port: await readPort(child.stdout), stop };
  } catch (error) {
    await stop(true);
    throw error;
  }
}

async function readPort(stdout: ReadableStream<Uint8Array>): Promise<number> {
  const reader = stdout.getReader();
  const decoder = new TextDecoder();
  const timer = setTimeout(() => reader.cancel(), STARTUP_TIMEOUT_MS);
  let seen = "";
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`chat server process exited early: ${seen}`);
      seen += decoder.decode(value, { stream: true });
      const match = seen.match(/\{"port":(\d+)\}/);
      if (match !== null) return Number(match[1]);
    }
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
}
