/**
 * A session with a running server's inspector (Chrome DevTools protocol,
 * which both Deno and Node speak): send a method, await its result, hear
 * its events. The heap snapshot and the native heap reading share it.
 *
 * @module
 */

/** An open inspector session. */
export interface InspectorSession {
  /** Calls `method` and resolves with its `result` (rejects on `error`). */
  call(method: string, params?: Record<string, unknown>): Promise<unknown>;
  /** Closes the session's socket. */
  close(): Promise<void>;
}

/**
 * Opens a session with the inspector at `webSocketUrl`; `onEvent` hears
 * every notification (a message without an `id`).
 *
 * @example
 * ```ts
 * const inspector = await openInspector("ws://127.0.0.1:9229/ws/1234");
 * await inspector.call("HeapProfiler.collectGarbage");
 * await inspector.close();
 * ```
 */
export async function openInspector(
  webSocketUrl: string,
  onEvent: (method: string, params: Record<string, unknown>) => void = () => {},
): Promise<InspectorSession> {
  const socket = new WebSocket(webSocketUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = () =>
      reject(new Error(`cannot reach the inspector at ${webSocketUrl}`));
  });
  const pending = new Map<
    number,
    { resolve(result: unknown): void; reject(error: Error): void }
  >();
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (typeof message.id !== "number") {
      onEvent(message.method, message.params);
      return;
    }
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) {
      waiter?.reject(new Error(JSON.stringify(message.error)));
    } else waiter?.resolve(message.result);
  };
  let lastId = 0;
  return {
    call: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = ++lastId;
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, method, params }));
      }),
    async close() {
      const closed = new Promise((resolve) => socket.onclose = resolve);
      socket.close();
      await closed;
    },
  };
}
