/**
 * Runs `open(index)` for every index below `count`, at most `concurrency`
 * at a time, and returns the results in index order. The first failure
 * rejects the whole (after the running attempts settle).
 *
 * @example
 * ```ts
 * const sockets = await openMany(1_000, 64, (index) => connect(index));
 * ```
 */
export async function openMany<T>(
  count: number,
  concurrency: number,
  open: (index: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await open(index);
    }
  };
  const lanes = Array.from({ length: Math.min(concurrency, count) }, lane);
  const outcomes = await Promise.allSettled(lanes);
  const failure = outcomes.find((outcome) => outcome.status === "rejected");
  if (failure !== undefined) throw (failure as PromiseRejectedResult).reason;
  return results;
}
