/**
 * The README's server under `deno run`: `Deno.serve(server.fetch)`.
 *
 * @module
 */
import server from "./readme_server.ts";

Deno.serve({ hostname: "127.0.0.1", port: 0 }, server.fetch);
