/**
 * The two measurements of the fan-out benchmark: per-message latency of a
 * room broadcast (one message at a time, to same-node and cross-node
 * receivers), and burst throughput (many messages back to back, until every
 * receiver has every one).
 *
 * @module
 */
import type { BenchClient } from "./fanout_bench_clients.ts";

/** Latency percentiles in ms, for receivers on the sender's node and on others. */
export interface LatencyResult {
  readonly sameNode: Percentiles | undefined;
  readonly crossNode: Percentiles | undefined;
}

/** p50 and p99 in ms. */
export interface Percentiles {
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Burst throughput. */
export interface ThroughputResult {
  /** Messages sent per second, counted until the last receiver had the last one. */
  readonly messagesPerSecond: number;
  /** Messages times receivers, per second. */
  readonly deliveriesPerSecond: number;
}

const WAIT_TIMEOUT_MS = 60_000;

/**
 * Sends `count` messages one at a time, each after every receiver got the
 * previous one, and reports arrival latencies.
 *
 * @example
 * ```ts
 * const latency = await measureLatency(sender, receivers, "run1", 300);
 * ```
 */
export async function measureLatency(
  sender: BenchClient,
  receivers: readonly BenchClient[],
  runTag: string,
  count: number,
): Promise<LatencyResult> {
  const sameNode: number[] = [];
  const crossNode: number[] = [];
  for (let i = 0; i < count; i++) {
    const tag = `${runTag}:latency:${i}`;
    const sentAtMs = performance.now();
    sender.sendToRoom(tag);
    await waitUntil(
      () => receivers.every((receiver) => receiver.arrivals.has(tag)),
      tag,
    );
    for (const receiver of receivers) {
      const latencyMs = receiver.arrivals.get(tag)! - sentAtMs;
      (receiver.nodeId === sender.nodeId ? sameNode : crossNode).push(
        latencyMs,
      );
    }
  }
  return { sameNode: percentiles(sameNode), crossNode: percentiles(crossNode) };
}

/**
 * Sends `count` messages back to back and waits until every receiver has
 * all of them.
 *
 * @example
 * ```ts
 * const throughput = await measureThroughput(sender, receivers, "run1", 2_000);
 * ```
 */
export async function measureThroughput(
  sender: BenchClient,
  receivers: readonly BenchClient[],
  runTag: string,
  count: number,
): Promise<ThroughputResult> {
  const tags = Array.from({ length: count }, (_, i) => `${runTag}:burst:${i}`);
  const lastTag = tags[tags.length - 1];
  const startedMs = performance.now();
  for (const tag of tags) sender.sendToRoom(tag);
  // One sender's messages keep their order on every path (WebSocket,
  // BroadcastChannel, Redis pub/sub), so the last one arriving means all did.
  await waitUntil(
    () => receivers.every((receiver) => receiver.arrivals.has(lastTag)),
    lastTag,
  );
  const missing = receivers.reduce(
    (sum, receiver) =>
      sum + tags.filter((tag) => !receiver.arrivals.has(tag)).length,
    0,
  );
  if (missing > 0) throw new Error(`${missing} burst deliveries were lost`);
  const finishedMs = Math.max(
    ...receivers.flatMap((receiver) =>
      tags.map((tag) => receiver.arrivals.get(tag)!)
    ),
  );
  const seconds = (finishedMs - startedMs) / 1_000;
  return {
    messagesPerSecond: count / seconds,
    deliveriesPerSecond: (count * receivers.length) / seconds,
  };
}

function percentiles(samples: number[]): Percentiles | undefined {
  if (samples.length === 0) return undefined;
  const sorted = samples.toSorted((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50Ms: at(0.5), p99Ms: at(0.99) };
}

async function waitUntil(
  condition: () => boolean,
  what: string,
): Promise<void> {
  const deadlineMs = performance.now() + WAIT_TIMEOUT_MS;
  while (!condition()) {
    if (performance.now() > deadlineMs) {
      throw new Error(`benchmark stalled waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
