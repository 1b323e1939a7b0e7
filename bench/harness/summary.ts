/**
 * Medians with their range, over repeated runs: every number in the tables
 * is shown as `median (min–max)` when there was more than one run.
 *
 * @module
 */

/** A number measured over several runs. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

/**
 * The median, minimum and maximum of `values` (NaN values are ignored).
 *
 * @example
 * ```ts
 * spreadOf([3, 1, 2]); // { median: 2, min: 1, max: 3, runs: 3 }
 * ```
 */
export function spreadOf(values: readonly number[]): Spread {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) =>
    a - b
  );
  if (sorted.length === 0) return { median: NaN, min: NaN, max: NaN, runs: 0 };
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
  return {
    median,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    runs: sorted.length,
  };
}

/**
 * Formats a spread with `format` applied to each number: `12.3 (11.9–12.8)`,
 * or just the median after a single run.
 *
 * @example
 * ```ts
 * formatSpread(spreadOf([1, 2, 3]), (value) => value.toFixed(1)); // "2.0 (1.0–3.0)"
 * ```
 */
export function formatSpread(
  spread: Spread,
  format: (value: number) => string,
): string {
  if (spread.runs === 0) return "n/a";
  if (spread.runs === 1) return format(spread.median);
  return `${format(spread.median)} (${format(spread.min)}–${
    format(spread.max)
  })`;
}
