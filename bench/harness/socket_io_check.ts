/**
 * Before Socket.IO is measured, the real `socket.io-client` (WebSocket
 * transport only) must work against the bench server with authentication:
 * the generator imitates that client's packets, and this shows the server
 * and the packets are the ones users would have.
 *
 * @module
 */
import { benchToken } from "../load/bench_tokens.ts";
import { SERVERS, startServer } from "./server_process.ts";
import type { BenchSettings } from "./settings.ts";

const checkScript =
  new URL("../servers/socket_io_client_check.mjs", import.meta.url).pathname;

/**
 * Starts the Socket.IO bench server with auth and runs the client check
 * against it; throws with the check's output when it fails.
 *
 * @example
 * ```ts
 * await checkSocketIoClient(settings);
 * ```
 */
export async function checkSocketIoClient(
  settings: BenchSettings,
): Promise<void> {
  const server = await startServer(SERVERS["socket.io"], {
    auth: true,
    jwtSecret: settings.jwtSecret,
    cpus: undefined,
  });
  try {
    const token = await benchToken(settings.jwtSecret, 0);
    const output = await new Deno.Command("node", {
      args: [checkScript, String(server.port), token],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decoder = new TextDecoder();
    if (!output.success) {
      throw new Error(
        `socket.io-client (websocket transport) failed against the bench Socket.IO server: ` +
          `${decoder.decode(output.stderr)}${decoder.decode(output.stdout)}`,
      );
    }
  } finally {
    await server.stop();
  }
}
