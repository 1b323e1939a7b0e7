/**
 * Turns the fan-out benchmark's rounds into one Markdown table of medians.
 *
 * @module
 */
import type {
  LatencyResult,
  Percentiles,
  ThroughputResult,
} from "./fanout_bench_measure.ts";

/** One mode's result in one round. */
export interface Row {
  readonly mode: string;
  readonly nodes: number;
  readonly latency: LatencyResult;
  readonly throughput: ThroughputResult;
}

/**
 * One line per mode (in first-seen order) with the median of each figure
 * over the mode's rounds.
 *
 * @example
 * ```ts
 * console.log(renderTable(rows));
 * ```
 */
export function renderTable(rows: readonly Row[]): string {
  const byMode = Map.groupBy(rows, (row) => row.mode);
  const lines = [
    "| mode | nodes | same-node latency p50 / p99 (ms) | cross-node latency p50 / p99 (ms) | burst msgs/s | burst deliveries/s |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const [mode, runs] of byMode) {
    const latency = (
      pick: (result: LatencyResult) => Percentiles | undefined,
    ) => {
      const values = runs.map((run) => pick(run.latency)).filter((p) =>
        p !== undefined
      );
      return values.length === 0
        ? "–"
        : `${median(values.map((p) => p.p50Ms)).toFixed(2)} / ${
          median(values.map((p) => p.p99Ms)).toFixed(2)
        }`;
    };
    const rate = (pick: (result: ThroughputResult) => number) =>
      Math.round(median(runs.map((run) => pick(run.throughput))))
        .toLocaleString("en-US");
    lines.push(
      `| ${mode} | ${runs[0].nodes} | ${latency((l) => l.sameNode)} | ${
        latency((l) => l.crossNode)
      } | ${rate((t) => t.messagesPerSecond)} | ${
        rate((t) => t.deliveriesPerSecond)
      } |`,
    );
  }
  return lines.join("\n");
}

function median(values: readonly number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}
