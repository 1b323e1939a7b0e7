/**
 * The real wiretype server (`createServer` with the generated `chatRoute`
 * and the server tests' chat handlers) on 127.0.0.1, restartable on the
 * same port, for testing the client against the real thing.
 *
 * @module
 */
import { chatRoute } from "../../protocol/gen/chat_server.ts";
import {
  createServer,
  type Server,
  type ServerOptions,
} from "@wiretype/wiretype/server";
import { chatHandlers } from "./server_chat.ts";

/**
 * A running real chat server, see {@link startRealChatServer}; `await using`
 * stops it at the end of the scope.
 */
export interface RealChatServer extends AsyncDisposable {
  /** `ws://127.0.0.1:<port>`, for `ChatClient({ url })`. */
  readonly url: string;
  readonly port: number;
  /** The current server instance (a new one after each restart). */
  readonly server: Server;
  /** Graceful close (1001 to everyone), then the listener stops. */
  stop(): Promise<void>;
  /** Listens again on the same port with a fresh server after `stop()`. */
  start(): Promise<void>;
}

/**
 * Starts `createServer({ routes: [chatRoute(...)] , ...options })` behind
 * `Deno.serve` on a free port. Log events are dropped.
 *
 * @example
 * ```ts
 * await using real = await startRealChatServer({ heartbeat: { pingIntervalMs: 100 } });
 * const chat = new ChatClient({ url: real.url });
 * ```
 */
export async function startRealChatServer(
  options: Omit<ServerOptions, "routes"> = {},
): Promise<RealChatServer> {
  let port = 0;
  let server: Server | undefined;
  let http: Deno.HttpServer | undefined;
  const start = async () => {
    // A route serves one server at a time, so every start gets its own.
    const current = createServer({
      logger: { log: () => {} },
      ...options,
      routes: [chatRoute(chatHandlers())],
    });
    const listening = Promise.withResolvers<void>();
    http = Deno.serve({
      hostname: "127.0.0.1",
      port,
      onListen: (address) => {
        port = address.port;
        listening.resolve();
      },
    }, current.fetch);
    server = current;
    await listening.promise;
  };
  const stop = async () => {
    await server?.close();
    await http?.shutdown();
    server = undefined;
    http = undefined;
  };
  await start();
  return {
    get url() {
      return `ws://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    get server() {
      if (server === undefined) throw new Error("the server is stopped");
      return server;
    },
    stop,
    start,
    [Symbol.asyncDispose]: stop,
  };
}
