/**
 * A latency histogram with about 1.5% precision over microseconds to
 * minutes, in under 1,500 buckets: client processes record into one each
 * and the harness merges them, so percentiles cover every sample without
 * shipping the samples.
 *
 * @module
 */

// 64 linear sub-buckets per power of two: relative error below 1/64.
const SUB_BUCKET_BITS = 6;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS;

/** A histogram in transit between processes: sparse `[bucket, count]` pairs. */
export interface HistogramData {
  readonly buckets: readonly (readonly [number, number])[];
  readonly count: number;
  readonly maxMicros: number;
}

/** Percentiles of a histogram, in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/**
 * Counts latencies. Values are recorded in milliseconds and kept at
 * microsecond resolution.
 *
 * @example
 * ```ts
 * const histogram = new Histogram();
 * histogram.recordMs(1.25);
 * histogram.summary().p50Ms; // about 1.25
 * ```
 */
export class Histogram {
  #counts = new Map<number, number>();
  #count = 0;
  #maxMicros = 0;

  /** Adds one latency. */
  recordMs(latencyMs: number): void {
    const micros = Math.max(0, Math.round(latencyMs * 1000));
    const bucket = bucketOf(micros);
    this.#counts.set(bucket, (this.#counts.get(bucket) ?? 0) + 1);
    this.#count++;
    if (micros > this.#maxMicros) this.#maxMicros = micros;
  }

  /** How many latencies were recorded. */
  get count(): number {
    return this.#count;
  }

  /** Adds the counts of another histogram (from another process). */
  merge(data: HistogramData): void {
    for (const [bucket, count] of data.buckets) {
      this.#counts.set(bucket, (this.#counts.get(bucket) ?? 0) + count);
    }
    this.#count += data.count;
    this.#maxMicros = Math.max(this.#maxMicros, data.maxMicros);
  }

  /** The counts, ready for JSON. */
  toData(): HistogramData {
    return {
      buckets: [...this.#counts.entries()],
      count: this.#count,
      maxMicros: this.#maxMicros,
    };
  }

  /** p50, p90, p99 and max in milliseconds; zeros when empty. */
  summary(): LatencySummary {
    return {
      count: this.#count,
      p50Ms: this.#percentileMs(0.5),
      p90Ms: this.#percentileMs(0.9),
      p99Ms: this.#percentileMs(0.99),
      maxMs: this.#maxMicros / 1000,
    };
  }

  #percentileMs(fraction: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.ceil(fraction * this.#count);
    let seen = 0;
    for (const bucket of [...this.#counts.keys()].sort((a, b) => a - b)) {
      seen += this.#counts.get(bucket)!;
      if (seen >= rank) {
        return Math.min(middleOf(bucket), this.#maxMicros) / 1000;
      }
    }
    return this.#maxMicros / 1000;
  }
}

function bucketOf(micros: number): number {
  if (micros < 2 * SUB_BUCKETS) return micros;
  const shift = 31 - Math.clz32(micros) - SUB_BUCKET_BITS;
  return SUB_BUCKETS * (shift + 1) + ((micros >>> shift) - SUB_BUCKETS);
}

function middleOf(bucket: number): number {
  if (bucket < 2 * SUB_BUCKETS) return bucket;
  const shift = Math.floor(bucket / SUB_BUCKETS) - 1;
  const mantissa = (bucket % SUB_BUCKETS) + SUB_BUCKETS;
  return (mantissa << shift) + ((1 << shift) - 1) / 2;
}
