/**
 * Waits for `work`, but at most `timeoutMs`: then resolves with (or throws
 * from) `expired()`. The timer is cleared either way, so nothing lingers.
 *
 * @example
 * ```ts
 * const ready = await withDeadline(readiness.then(() => true), 5_000, () => false);
 * ```
 */
export async function withDeadline<T>(
  work: Promise<T>,
  timeoutMs: number,
  expired: () => T,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(expired());
      } catch (error) {
        reject(error);
      }
    }, Math.max(0, timeoutMs));
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
