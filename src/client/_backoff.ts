import type { ReconnectOptions } from "./client_options.ts";

/**
 * The delay before reconnect attempt `attempt` (from 1): exponential backoff
 * with full jitter, a uniformly random time below the attempt's bound.
 * Full jitter spreads clients that lost the same server over the whole
 * window instead of bunching them at its edge.
 */
export function backoffDelayMs(
  attempt: number,
  options: Required<ReconnectOptions>,
  random: () => number,
): number {
  const boundMs = Math.min(
    options.maxDelayMs,
    options.initialDelayMs * options.factor ** (attempt - 1),
  );
  const fraction = random();
  // A faulty injected random must not produce a negative or unbounded delay.
  const clamped = fraction >= 0 && fraction < 1 ? fraction : 0;
  return Math.floor(clamped * boundMs);
}
