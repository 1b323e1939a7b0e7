/**
 * Spreads of one metric over the runs of a case, and of its ratio to
 * another server's value in the same run: what every table cell and target
 * check is made of.
 *
 * @module
 */
import type { ServerKind } from "./server_process.ts";
import { type Spread, spreadOf } from "./summary.ts";
import type { CaseOutcomes } from "./suite.ts";

/** Successful runs of `server` in `entry`, by run number. */
function valuesByRun<M>(
  entry: CaseOutcomes<unknown, M>,
  server: ServerKind,
): Map<number, M> {
  const values = new Map<number, M>();
  for (const outcome of entry.outcomes) {
    if (outcome.server === server && "value" in outcome) {
      values.set(outcome.run, outcome.value);
    }
  }
  return values;
}

/**
 * The spread of `metric` over `server`'s successful runs.
 *
 * @example
 * ```ts
 * metricSpread(entry, "wiretype", (value) => value.messagesPerSecond).median;
 * ```
 */
export function metricSpread<M>(
  entry: CaseOutcomes<unknown, M>,
  server: ServerKind,
  metric: (value: M) => number,
): Spread {
  return spreadOf([...valuesByRun(entry, server).values()].map(metric));
}

/**
 * The spread over runs of `metric(server) / metric(baseline)`, each ratio
 * taken within one run; runs where either failed are left out.
 *
 * @example
 * ```ts
 * ratioSpread(entry, "wiretype", "raw-deno", (value) => value.messagesPerSecond).median; // 0.93
 * ```
 */
export function ratioSpread<M>(
  entry: CaseOutcomes<unknown, M>,
  server: ServerKind,
  baseline: ServerKind,
  metric: (value: M) => number,
): Spread {
  const base = valuesByRun(entry, baseline);
  const ratios: number[] = [];
  for (const [run, value] of valuesByRun(entry, server)) {
    const other = base.get(run);
    if (other !== undefined) ratios.push(metric(value) / metric(other));
  }
  return spreadOf(ratios);
}
