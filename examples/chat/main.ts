/**
 * `deno task demo`: serves the demo chat on PORT (default 8000) with
 * `Deno.serve`. SIGINT and SIGTERM close the app gracefully and end the
 * process (see app.ts).
 *
 * @module
 */
import app from "./app.ts";

const port = Number(Deno.env.get("PORT") ?? 8000);
const hostname = Deno.env.get("HOST") ?? "0.0.0.0";
Deno.serve({
  port,
  hostname,
  onListen: ({ hostname, port }) =>
    console.log(
      `wiretype demo chat on http://${
        hostname === "0.0.0.0" ? "localhost" : hostname
      }:${port}/ (development only)`,
    ),
}, app.fetch);
