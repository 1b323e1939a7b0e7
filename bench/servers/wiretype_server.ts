/**
 * wiretype under test: the bench echo protocol and the demo chat protocol
 * through the full stack (size, rate and depth limits, envelope decoding,
 * generated validation and dispatch, rooms), with limits raised only so far
 * that a load test does not trip them (see `_wiretype_app.ts`). Logging is
 * off, as in the peers.
 *
 * ```sh
 * deno run -A bench/servers/wiretype_server.ts [--auth]   # prints "listening <port>"
 * ```
 *
 * With `--auth`, every route requires authentication: the ticket flow
 * (`POST /auth/ticket` with the JWT, then `?ticket=`), JWTs signed with
 * `BENCH_JWT_SECRET`.
 *
 * @module
 */
import { createBenchApp } from "./_wiretype_app.ts";
import { exitWithHarness } from "./_lifecycle.ts";

const server = createBenchApp({ auth: Deno.args.includes("--auth") });

exitWithHarness();

Deno.serve({
  hostname: "127.0.0.1",
  port: 0,
  onListen: ({ port }) => console.log(`listening ${port}`),
}, server.fetch);
