/**
 * The README's server pattern (tour, step 3), for the signal tests:
 * `closeOnSignals(server)` and the server as the default export, run with
 * `deno serve` as is, or with `deno run` through `readme_run_entry.ts`.
 * `SHUTDOWN_TIMEOUT_MS` sets how long close waits for clients.
 *
 * @module
 */
import { closeOnSignals, createServer } from "@wiretype/wiretype";
import { testChatRoute } from "../../_helpers/server_chat.ts";

const server = createServer({
  routes: [testChatRoute()],
  shutdownTimeoutMs: Number(Deno.env.get("SHUTDOWN_TIMEOUT_MS") ?? 3_000),
  logger: { log() {} },
});
closeOnSignals(server);
export default server;
