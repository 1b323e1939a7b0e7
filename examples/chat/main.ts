/**
 * `deno task demo`: serves the demo chat on PORT (default 8000) with
 * `Deno.serve`. SIGINT and SIGTERM close the app gracefully (see app.ts),
 * then the HTTP server stops and the process exits.
 *
 * @module
 */
import app from "./app.ts";

const port = Number(Deno.env.get("PORT") ?? 8000);
const hostname = Deno.env.get("HOST") ?? "0.0.0.0";
const stopServing = new AbortController();
const httpServer = Deno.serve({
  port,
  hostname,
  signal: stopServing.signal,
  onListen: ({ hostname, port }) =>
    console.log(
      `wiretype demo chat on http://${
        hostname === "0.0.0.0" ? "localhost" : hostname
      }:${port}/ (development only)`,
    ),
}, app.fetch);
await app.closed;
stopServing.abort();
await httpServer.finished;
