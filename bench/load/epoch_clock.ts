/**
 * The current time in epoch milliseconds with sub-millisecond resolution,
 * comparable across processes of one machine: broadcast latency is the
 * difference between the sender's and a receiver's reading.
 *
 * @example
 * ```ts
 * const sentAtMs = epochNowMs();
 * ```
 */
export function epochNowMs(): number {
  return performance.timeOrigin + performance.now();
}
