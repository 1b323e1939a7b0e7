/**
 * Starts a real `redis-server` for tests: bound to 127.0.0.1 on a free port,
 * with persistence off, so each test gets a clean, throwaway server.
 *
 * @module
 */

/**
 * A running redis-server started by {@link startRedisServer}; `await using`
 * stops it at the end of the scope.
 */
export interface RedisServer extends AsyncDisposable {
  /** `redis://127.0.0.1:<port>`, for `createClient({ url })`. */
  readonly url: string;
  /** The TCP port it listens on. */
  readonly port: number;
  /** Stops the server and waits for the process to exit. */
  stop(): Promise<void>;
}

const REDIS_BINARY = "redis-server";
const INSTALL_HINT =
  "redis-server is not installed: run `apt-get install -y redis-server` (CI installs it with apt-get)";
const READY_TIMEOUT_MS = 15_000;
const PORT_ATTEMPTS = 5;

/**
 * Starts redis-server on a free 127.0.0.1 port with `--save "" --appendonly no`
 * and waits until it answers PING. Fails with an install hint when the binary
 * is missing, never skips.
 *
 * @example
 * ```ts
 * await using redis = await startRedisServer();
 * // createClient({ url: redis.url }) ...
 * ```
 */
export async function startRedisServer(
  options: {
    /** Listen on this port (e.g. to restart a stopped server in place); default: a free one. */
    readonly port?: number;
  } = {},
): Promise<RedisServer> {
  let lastError: unknown;
  // Another process may grab the port between probing and binding it.
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    try {
      return await startOnPort(options.port ?? freePort());
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        throw new Error(INSTALL_HINT, { cause: error });
      }
      lastError = error;
    }
  }
  throw new Error(
    `redis-server did not start after ${PORT_ATTEMPTS} attempts`,
    { cause: lastError },
  );
}

async function startOnPort(port: number): Promise<RedisServer> {
  const child = new Deno.Command(REDIS_BINARY, {
    args: [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--daemonize",
      "no",
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // Collecting the output from the start keeps the pipes drained and lets a
  // failed start report what redis said.
  const output = child.output();
  const stop = async (): Promise<void> => {
    try {
      child.kill("SIGTERM");
    } catch {
      // Already exited.
    }
    await output;
  };
  try {
    await waitUntilReady(port, output);
  } catch (error) {
    await stop();
    const { stdout } = await output;
    throw new Error(
      `redis-server on port ${port} did not become ready: ${
        new TextDecoder().decode(stdout).trim().split("\n").slice(-3).join(
          " | ",
        )
      }`,
      { cause: error },
    );
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function waitUntilReady(
  port: number,
  exited: Promise<Deno.CommandOutput>,
): Promise<void> {
  let hasExited = false;
  exited.then(() => hasExited = true, () => hasExited = true);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (hasExited) throw new Error("redis-server exited during start-up");
    if (await answersPing(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no PONG within ${READY_TIMEOUT_MS} ms`);
}

async function answersPing(port: number): Promise<boolean> {
  let connection: Deno.TcpConn;
  try {
    connection = await Deno.connect({ hostname: "127.0.0.1", port });
  } catch {
    return false;
  }
  try {
    await connection.write(new TextEncoder().encode("PING\r\n"));
    const buffer = new Uint8Array(64);
    const read = await connection.read(buffer);
    return read !== null &&
      new TextDecoder().decode(buffer.subarray(0, read)).startsWith("+PONG");
  } catch {
    return false;
  } finally {
    connection.close();
  }
}
