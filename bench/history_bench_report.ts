/**
 * Turns the history benchmark's rounds and memory report into Markdown
 * tables: medians per mode, and ratios to history off taken within each
 * round (so load from other processes, which shifts a whole round, cancels
 * out), then their median with the range over the rounds.
 *
 * @module
 */
import type { Percentiles, ThroughputResult } from "./fanout_bench_measure.ts";
import type { MemoryReport } from "./history_bench_memory.ts";

/** One mode's result in one round. */
export interface HistoryRow {
  readonly round: number;
  readonly history: "off" | "MemoryHistoryStore" | "RedisHistoryStore";
  readonly latency: Percentiles;
  readonly throughput: ThroughputResult;
  /** The server process's CPU time over the burst, per 1 000 messages. */
  readonly serverCpuMsPerThousand: number;
  /** redis-server's CPU time over the burst, per 1 000 messages (Redis history only). */
  readonly redisCpuMsPerThousand: number | undefined;
}

/**
 * One line per mode, in first-seen order.
 *
 * @example
 * ```ts
 * console.log(renderThroughputTable(rows));
 * ```
 */
export function renderThroughputTable(rows: readonly HistoryRow[]): string {
  const offByRound = new Map(
    rows.filter((row) => row.history === "off").map((row) => [row.round, row]),
  );
  const lines = [
    "| history | latency p50 / p99 (ms) | burst msgs/s | burst deliveries/s | server CPU per 1,000 msgs (ms) | redis-server CPU per 1,000 msgs (ms) | vs off: msgs/s | vs off: p50 | vs off: server CPU |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const [history, runs] of Map.groupBy(rows, (row) => row.history)) {
    const of = (pick: (row: HistoryRow) => number) => median(runs.map(pick));
    const ratio = (pick: (row: HistoryRow) => number) => {
      const ratios = runs.map((run) =>
        pick(run) / pick(offByRound.get(run.round)!)
      );
      if (history === "off") return "1×";
      return `${median(ratios).toFixed(2)}× (${
        Math.min(...ratios).toFixed(2)
      }–${Math.max(...ratios).toFixed(2)})`;
    };
    const redisCpu = runs.map((run) => run.redisCpuMsPerThousand).filter((
      value,
    ) => value !== undefined);
    lines.push(
      `| ${history} | ${of((row) => row.latency.p50Ms).toFixed(2)} / ${
        of((row) => row.latency.p99Ms).toFixed(2)
      } | ${grouped(of((row) => row.throughput.messagesPerSecond))} | ${
        grouped(of((row) => row.throughput.deliveriesPerSecond))
      } | ${of((row) => row.serverCpuMsPerThousand).toFixed(0)} | ${
        redisCpu.length === 0 ? "–" : median(redisCpu).toFixed(0)
      } | ${ratio((row) => row.throughput.messagesPerSecond)} | ${
        ratio((row) => row.latency.p50Ms)
      } | ${ratio((row) => row.serverCpuMsPerThousand)} |`,
    );
  }
  return lines.join("\n");
}

/**
 * Heap growth per retained publication for each store, and redis-server's
 * memory per retained publication.
 *
 * @example
 * ```ts
 * console.log(renderMemoryTable(report));
 * ```
 */
export function renderMemoryTable(report: MemoryReport): string {
  const lines = [
    `A typical chat message: the demo's \`message\` event, ${report.envelopeBytes} bytes of JSON as sent.`,
    "",
    "| history | published | retained | Deno heap growth after GC | Deno heap per retained message (bytes) | redis-server used_memory per retained message (bytes) |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const row of report.rows) {
    const perRetained = (bytes: number) =>
      row.retained === 0 ? "–" : (bytes / row.retained).toFixed(0);
    const transient = row.heapGrowthBytes !== row.settledHeapGrowthBytes
      ? ` (${megabytes(row.heapGrowthBytes)} right after the last reply)`
      : "";
    lines.push(
      `| ${row.history} | ${grouped(row.published)} | ${
        grouped(row.retained)
      } | ${megabytes(row.settledHeapGrowthBytes)}${transient} | ${
        perRetained(row.settledHeapGrowthBytes)
      } | ${
        row.redisGrowthBytes === undefined
          ? "–"
          : perRetained(row.redisGrowthBytes)
      } |`,
    );
  }
  return lines.join("\n");
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

function grouped(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

function median(values: readonly number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}
