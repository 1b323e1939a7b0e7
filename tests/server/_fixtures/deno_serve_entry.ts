/**
 * A module for `deno serve`: its default export is a wiretype server, as a
 * user would write it. Started by `deno_serve_test.ts`.
 *
 * @module
 */
import { createServer } from "@wiretype/wiretype/server";
import { testChatRoute } from "../../_helpers/server_chat.ts";

export default createServer({
  routes: [testChatRoute()],
  fallback: () => new Response("served by deno serve"),
  logger: { log() {} },
}) satisfies Deno.ServeDefaultExport;
