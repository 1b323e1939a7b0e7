/**
 * Lets a test hold something with a `close()` it does not own the type of
 * (a generated `ChatClient`, a `Deno.Kv`, ...) with `await using`, so it is
 * closed at the end of the scope however the test ends.
 *
 * @module
 */

/**
 * Returns `resource`, which `await using` now closes at the end of the scope.
 *
 * @example
 * ```ts
 * await using client = closeOnDispose(new ChatClient({ url: peer.url }));
 * client.connect();
 * ```
 */
export function closeOnDispose<T extends { close(): unknown }>(
  resource: T,
): T & AsyncDisposable {
  return Object.assign(resource, {
    async [Symbol.asyncDispose]() {
      await resource.close();
    },
  });
}
