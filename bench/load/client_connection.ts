/**
 * Opens one load-generator connection in a given dialect: handshake,
 * greeting, waiting until the server says it is ready (wiretype's
 * `welcome`, Socket.IO's namespace `40`), and answering heartbeats, so the
 * workloads only see their own messages.
 *
 * @module
 */
import type { Credential, Dialect, Service } from "./dialects.ts";
import { withDeadline } from "./deadline.ts";
import { RawSocket } from "./raw_socket.ts";

/** Where and how to connect. */
export interface ClientConnectionOptions {
  readonly dialect: Dialect;
  readonly hostname: string;
  readonly port: number;
  readonly service: Service;
  readonly credential?: Credential;
  /** How long to wait for readiness before giving up. */
  readonly readyTimeoutMs: number;
  /** Every message after readiness that is not a heartbeat. */
  readonly onMessage: (
    socket: RawSocket,
    bytes: Uint8Array,
    start: number,
    end: number,
  ) => void;
  /** The connection ended; `expected` is false unless `close` was called first. */
  readonly onClosed?: (expected: boolean) => void;
}

/** A ready connection. */
export interface ClientConnection {
  readonly socket: RawSocket;
  /** Closes the connection and waits for the end, at most `timeoutMs`. */
  close(timeoutMs: number): Promise<void>;
}

/**
 * Connects and resolves once the server is ready for messages; rejects if
 * the handshake fails, the connection ends first or readiness takes longer
 * than `readyTimeoutMs`.
 *
 * @example
 * ```ts
 * const client = await openClientConnection({
 *   dialect: dialectNamed("json"), hostname: "127.0.0.1", port, service: "echo",
 *   readyTimeoutMs: 5_000, onMessage: () => {},
 * });
 * await client.close(5_000);
 * ```
 */
export async function openClientConnection(
  options: ClientConnectionOptions,
): Promise<ClientConnection> {
  const { dialect, service, credential } = options;
  let ready = dialect.readyOnOpen;
  let closing = false;
  let settle: ((error?: Error) => void) | undefined;
  const readiness = new Promise<void>((resolve, reject) => {
    settle = (error) => (error ? reject(error) : resolve());
  });
  // Awaited below only if the greeting is not answered at once.
  readiness.catch(() => {});
  const socket = await RawSocket.connect({
    hostname: options.hostname,
    port: options.port,
    path: dialect.path(service, credential),
    subprotocols: dialect.subprotocols(service),
    headers: dialect.headers(credential),
  }, {
    text(socket, bytes, start, end) {
      const pong = dialect.pong(bytes, start, end);
      if (pong !== undefined) socket.send(pong);
      else if (ready) options.onMessage(socket, bytes, start, end);
      else if (dialect.isReady(bytes, start, end)) {
        ready = true;
        settle?.();
      }
    },
    closed() {
      settle?.(
        new Error(
          `${dialect.name} connection to /${service} ended before it was ready`,
        ),
      );
      options.onClosed?.(closing);
    },
  });
  const greeting = dialect.greeting(credential);
  if (greeting !== undefined) socket.send(greeting);
  if (!ready) {
    try {
      await withDeadline(readiness, options.readyTimeoutMs, () => {
        throw new Error(`not ready within ${options.readyTimeoutMs} ms`);
      });
    } catch (error) {
      closing = true;
      socket.abort();
      await socket.done;
      throw error;
    }
  }
  settle = undefined;
  return {
    socket,
    async close(timeoutMs: number) {
      closing = true;
      const ended = await withDeadline(
        socket.close().then(() => true),
        timeoutMs,
        () => false,
      );
      if (!ended) {
        socket.abort();
        await socket.done;
      }
    },
  };
}
