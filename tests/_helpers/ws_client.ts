/**
 * A raw WebSocket test client that queues what it receives, so a test can
 * await the next frame, a frame of a given type, or the close.
 *
 * @module
 */

/** A decoded frame as the server sent it. */
export interface Frame {
  /** The message type. */
  readonly type: string;
  /** The RPC id, if any. */
  readonly id?: number | string;
  /** The payload. */
  readonly data: unknown;
}

/** A connected test client; `await using` closes it at the end of the scope. */
export interface WsTestClient extends AsyncDisposable {
  /** The underlying socket. */
  readonly socket: WebSocket;
  /** Every frame received so far (not consumed by `next`). */
  readonly received: Frame[];
  /** The subprotocol the server chose. */
  readonly protocol: string;
  /** Sends a value as JSON, or a string as is. */
  send(frame: unknown): void;
  /** The next frame not yet taken, skipping `ping`s unless asked for. */
  next(
    options?: { readonly timeoutMs?: number; readonly pings?: boolean },
  ): Promise<Frame>;
  /** The next frame of `type`, dropping frames of other types before it. */
  nextOfType(type: string, timeoutMs?: number): Promise<Frame>;
  /** Resolves with the close event; never rejects. */
  readonly closed: Promise<CloseEvent>;
  /** Closes (if open) and waits for the close event. */
  close(code?: number, reason?: string): Promise<CloseEvent>;
}

const DEFAULT_TIMEOUT_MS = 5_000;

/**
 * Opens a WebSocket to `url` and waits for it to open (or to close before
 * opening, which rejects with the close code).
 *
 * @example
 * ```ts
 * await using client = await openWsClient(`${served.wsUrl}/chat`);
 * assertEquals((await client.next()).type, "welcome");
 * ```
 */
export function openWsClient(
  url: string,
  protocols?: string | string[],
): Promise<WsTestClient> {
  const socket = new WebSocket(url, protocols);
  const received: Frame[] = [];
  const waiters: (() => void)[] = [];
  let closeEvent: CloseEvent | undefined;
  const closed = new Promise<CloseEvent>((resolve) => {
    socket.addEventListener("close", (event) => {
      closeEvent = event;
      resolve(event);
      for (const wake of waiters.splice(0)) wake();
    });
  });
  // A failed handshake fires "error" before "close"; the close event says why.
  socket.addEventListener("error", () => {});
  socket.addEventListener("message", (event) => {
    received.push(
      typeof event.data === "string"
        ? JSON.parse(event.data)
        : { type: "<binary>", data: event.data },
    );
    for (const wake of waiters.splice(0)) wake();
  });

  const take = async (
    match: (frame: Frame) => boolean,
    dropOthers: boolean,
    timeoutMs: number,
  ): Promise<Frame> => {
    const deadlineMs = Date.now() + timeoutMs;
    while (true) {
      const index = received.findIndex(match);
      if (index >= 0) {
        const taken = dropOthers
          ? received.splice(0, index + 1)
          : received.splice(index, 1);
        return taken[taken.length - 1];
      }
      if (closeEvent !== undefined) {
        throw new Error(
          `connection closed (${closeEvent.code} ${closeEvent.reason}) before the expected frame`,
        );
      }
      const remainingMs = deadlineMs - Date.now();
      if (remainingMs <= 0) {
        throw new Error(
          `no expected frame within ${timeoutMs} ms; received: ${
            JSON.stringify(received)
          }`,
        );
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        timer = setTimeout(resolve, remainingMs);
      });
      clearTimeout(timer);
    }
  };

  const client: WsTestClient = {
    socket,
    received,
    get protocol() {
      return socket.protocol;
    },
    send(frame) {
      socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
    },
    next(options = {}) {
      return take(
        (frame) => options.pings === true || frame.type !== "ping",
        false,
        options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      );
    },
    nextOfType(type, timeoutMs = DEFAULT_TIMEOUT_MS) {
      return take((frame) => frame.type === type, true, timeoutMs);
    },
    closed,
    async close(code, reason) {
      if (
        socket.readyState === WebSocket.CONNECTING ||
        socket.readyState === WebSocket.OPEN
      ) {
        socket.close(code, reason);
      }
      return await closed;
    },
    async [Symbol.asyncDispose]() {
      await client.close();
    },
  };

  return new Promise((resolve, reject) => {
    socket.addEventListener("open", () => resolve(client), { once: true });
    closed.then((event) =>
      reject(new Error(`closed before opening: ${event.code} ${event.reason}`))
    );
  });
}

/**
 * Opens `count` clients to `url` at once; `await using` closes them all at
 * the end of the scope. If one fails to open, the others are closed.
 *
 * @example
 * ```ts
 * await using clients = await openWsClients(`${served.wsUrl}/chat`, 5);
 * for (const client of clients) await client.nextOfType("welcome");
 * ```
 */
export async function openWsClients(
  url: string,
  count: number,
): Promise<WsTestClient[] & AsyncDisposable> {
  const attempts = await Promise.allSettled(
    Array.from({ length: count }, () => openWsClient(url)),
  );
  const clients = attempts.flatMap((attempt) =>
    attempt.status === "fulfilled" ? [attempt.value] : []
  );
  const closeAll = async () => {
    await Promise.all(clients.map((client) => client.close()));
  };
  const failed = attempts.find((attempt) => attempt.status === "rejected");
  if (failed !== undefined) {
    await closeAll();
    throw failed.reason;
  }
  return Object.assign(clients, { [Symbol.asyncDispose]: closeAll });
}
