/**
 * A TCP forwarder on 127.0.0.1 whose cable a test can pull: `cut()` drops
 * every connection through it at once, without a WebSocket close frame (the
 * peers see their sockets end, as when a laptop leaves its network), and
 * refuses new ones until `restore()`.
 *
 * Chromium's offline emulation (Playwright's `context.setOffline`, CDP's
 * `Network.emulateNetworkConditions`) fails new requests but leaves open
 * WebSockets running (microsoft/playwright#4910, still so in Chromium 156),
 * whereas a real network change makes Chromium drop them. A browser test
 * pairs the two: offline emulation for the page, this cut for its sockets.
 *
 * @module
 */

/** A running forwarder, see {@link startCuttableProxy}. */
export interface CuttableProxy extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`: load pages through it. */
  readonly url: string;
  readonly port: number;
  /** Drops every open connection both ways and refuses new ones. */
  cut(): void;
  /** Accepts and forwards connections again. */
  restore(): void;
  /** Stops listening, drops every connection and waits for the pumps to end. */
  close(): Promise<void>;
}

interface Pair {
  readonly client: Deno.TcpConn;
  readonly server: Deno.TcpConn;
}

/**
 * Forwards every connection made to a free 127.0.0.1 port to
 * `127.0.0.1:targetPort`.
 *
 * @example
 * ```ts
 * const proxy = startCuttableProxy(demo.port);
 * try {
 *   await page.goto(proxy.url);
 *   proxy.cut();
 *   proxy.restore();
 * } finally {
 *   await proxy.close();
 * }
 * ```
 */
export function startCuttableProxy(targetPort: number): CuttableProxy {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const pairs = new Set<Pair>();
  const running = new Set<Promise<void>>();
  let isCut = false;

  const drop = (pair: Pair) => {
    pairs.delete(pair);
    closeQuietly(pair.client);
    closeQuietly(pair.server);
  };
  const forward = async (client: Deno.TcpConn) => {
    let server: Deno.TcpConn;
    try {
      server = await Deno.connect({ hostname: "127.0.0.1", port: targetPort });
    } catch {
      closeQuietly(client);
      return;
    }
    const pair = { client, server };
    pairs.add(pair);
    if (isCut) return drop(pair); // cut while connecting
    // Whichever side ends first ends the other: no half-open leftovers.
    const pumps = [pump(client, server), pump(server, client)];
    await Promise.race(pumps);
    drop(pair);
    await Promise.all(pumps);
  };
  const accepting = (async () => {
    try {
      for await (const client of listener) {
        if (isCut) {
          closeQuietly(client);
          continue;
        }
        const task = forward(client);
        running.add(task);
        task.finally(() => running.delete(task));
      }
    } catch {
      // The listener was closed.
    }
  })();

  const port = (listener.addr as Deno.NetAddr).port;
  const close = async () => {
    isCut = true;
    closeQuietly(listener);
    await accepting;
    for (const pair of [...pairs]) drop(pair);
    await Promise.all([...running]);
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    cut() {
      isCut = true;
      for (const pair of [...pairs]) drop(pair);
    },
    restore() {
      isCut = false;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Copies `from` to `to` until either ends or is closed. */
async function pump(from: Deno.TcpConn, to: Deno.TcpConn): Promise<void> {
  const buffer = new Uint8Array(64 * 1024);
  try {
    while (true) {
      const read = await from.read(buffer);
      if (read === null) return;
      let written = 0;
      while (written < read) {
        written += await to.write(buffer.subarray(written, read));
      }
    }
  } catch {
    // Cut, or the peer went away: the caller drops both sides.
  }
}

function closeQuietly(resource: { close(): void }): void {
  try {
    resource.close();
  } catch {
    // Already closed.
  }
}
