/**
 * Starts `tests/server/_fixtures/chat_server_process.ts` as a child process
 * and waits for the port it prints.
 *
 * @module
 */
import { type SpawnedServer, spawnServer } from "./spawned_server.ts";

const FIXTURE = new URL(
  "../server/_fixtures/chat_server_process.ts",
  import.meta.url,
).pathname;

/**
 * Spawns the chat server process with `v8Flags` and `rooms` (the rooms its
 * `/memory` report checks).
 *
 * @example
 * ```ts
 * const server = await startServerProcess();
 * assertEquals(await server.stop("SIGTERM"), 0);
 * ```
 */
export function startServerProcess(
  { v8Flags = [], rooms = 10 }: { v8Flags?: string[]; rooms?: number } = {},
): Promise<SpawnedServer> {
  return spawnServer({
    args: [
      "run",
      ...v8Flags.map((flag) => `--v8-flags=${flag}`),
      "--allow-net",
      "--allow-read",
      "--allow-env",
      FIXTURE,
      String(rooms),
    ],
    listening: /\{"port":(\d+)\}/,
  });
}
