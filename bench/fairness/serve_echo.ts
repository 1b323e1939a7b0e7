/**
 * The `ws` echo of `bench/fairness/server.ts` as a `deno serve` module, so
 * the repro can run it under `deno serve --parallel` (one runtime per
 * worker, the connections spread over them by the kernel).
 *
 * ```sh
 * DENO_JOBS=2 deno serve --parallel --host 127.0.0.1 --port 0 bench/fairness/serve_echo.ts
 * ```
 *
 * @module
 */
export default {
  fetch(request: Request): Response {
    if (new URL(request.url).pathname !== "/echo") {
      return Response.json({ received: [] });
    }
    const { socket, response } = Deno.upgradeWebSocket(request);
    socket.onmessage = (event) =>
      socket.send(JSON.stringify(JSON.parse(event.data)));
    return response;
  },
} satisfies Deno.ServeDefaultExport;
