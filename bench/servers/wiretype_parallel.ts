/**
 * wiretype on every core: the same server as `wiretype_server.ts`, run by
 * `deno serve --parallel` (one isolate per worker, `DENO_JOBS` of them, the
 * kernel spreading connections over them), with a `BroadcastChannelFanout`
 * so a room's members on every worker get its broadcasts.
 *
 * ```sh
 * DENO_JOBS=2 deno serve --parallel -A --host 127.0.0.1 --port 0 bench/servers/wiretype_parallel.ts
 * ```
 *
 * `BENCH_AUTH=1` turns on authentication as `--auth` does for
 * `wiretype_server.ts`; `BENCH_FANOUT_CHANNEL` names the channel, so two
 * runs on one machine never hear each other.
 *
 * @module
 */
import { BroadcastChannelFanout } from "@wiretype/wiretype/fanout";
import { createBenchApp } from "./_wiretype_app.ts";

const fanout = new BroadcastChannelFanout({
  channel: Deno.env.get("BENCH_FANOUT_CHANNEL") ?? "wiretype-bench",
});
const server = createBenchApp({
  auth: Deno.env.get("BENCH_AUTH") === "1",
  fanout,
});

export default server;
