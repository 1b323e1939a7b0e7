/**
 * The native side of a Deno server's memory: the bytes glibc's allocator
 * has handed out and not had back (`mallinfo2().uordblks`), read inside
 * the server through its inspector after a full GC. Unlike RSS this leaves
 * out the allocator's free lists and V8's unused heap pages, which depend
 * on when the reading lands; it is what the connections hold right now.
 *
 * @module
 */
import { openInspector } from "./inspector.ts";

// Runs in the server. Deno only (FFI), glibc only; null elsewhere.
const READ_MALLOC_IN_USE = `(() => {
  try {
    const libc = Deno.dlopen("libc.so.6", {
      mallinfo2: { parameters: [], result: { struct: Array(10).fill("usize") } },
    });
    const fields = new BigUint64Array(libc.symbols.mallinfo2().buffer);
    libc.close();
    return Number(fields[7]);
  } catch {
    return null;
  }
})()`;

/**
 * Collects garbage in the process behind the inspector at `webSocketUrl`,
 * then returns the bytes its C allocator has in use, or `undefined` where
 * that cannot be read (Node, or a libc other than glibc).
 *
 * @example
 * ```ts
 * const bytes = await mallocInUseBytes("ws://127.0.0.1:9229/ws/1234");
 * ```
 */
export async function mallocInUseBytes(
  webSocketUrl: string,
): Promise<number | undefined> {
  const inspector = await openInspector(webSocketUrl);
  try {
    await inspector.call("HeapProfiler.collectGarbage");
    const { result } = await inspector.call("Runtime.evaluate", {
      expression: READ_MALLOC_IN_USE,
      returnByValue: true,
    }) as { result: { value: number | null } };
    return result.value ?? undefined;
  } finally {
    await inspector.close();
  }
}
