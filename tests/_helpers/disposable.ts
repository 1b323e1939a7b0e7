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

/** A temporary directory that `await using` removes at the end of the scope. */
export interface TempDir extends AsyncDisposable {
  /** The directory's path. */
  readonly path: string;
}

/**
 * Makes a temporary directory (`Deno.makeTempDir(options)`), removed with
 * everything in it at the end of the `await using` scope.
 *
 * @example
 * ```ts
 * await using project = await tempDir({ prefix: "codegen_" });
 * await Deno.writeTextFile(`${project.path}/chat.ts`, source);
 * ```
 */
export async function tempDir(
  options: Deno.MakeTempOptions = {},
): Promise<TempDir> {
  const path = await Deno.makeTempDir(options);
  return {
    path,
    [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }),
  };
}
