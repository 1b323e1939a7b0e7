/**
 * The targets of issue 7, checked against a suite's results: one line per
 * target and case, saying met or missed with the number behind it.
 *
 * @module
 */
import { metricSpread, ratioSpread } from "./outcome_spreads.ts";
import { type ServerKind, SERVERS } from "./server_process.ts";
import type { Spread } from "./summary.ts";
import type { SuiteResults } from "./suite.ts";

const ECHO_RATIO_TARGETS: readonly [ServerKind, number, string][] = [
  ["raw-deno", 0.9, "raw Deno"],
  ["socket.io", 2, "Socket.IO"],
  ["node-ws", 1, "Node ws"],
];
const BROADCAST_P99_TARGET_MS = 50;
const BROADCAST_TARGET_MEMBERS = 10_000;
const IDLE_TARGET_BYTES = 20 * 1024;

/**
 * One line per measured target: `met` or `MISSED`, the target and the median.
 *
 * @example
 * ```ts
 * for (const line of checkTargets(results)) console.log(line);
 * ```
 */
export function checkTargets(results: SuiteResults): string[] {
  const lines: (string | undefined)[] = [];
  for (const entry of results.echo) {
    const { connections, inflight } = entry.testCase;
    for (const [peer, target, label] of ECHO_RATIO_TARGETS) {
      const spread = ratioSpread(
        entry,
        "wiretype",
        peer,
        (value) => value.messagesPerSecond,
      );
      // What the floor (raw Deno, no validation) reaches against the same
      // peer bounds what wiretype, built on it, can reach.
      const floor = peer === "raw-deno" ? undefined : ratioSpread(
        entry,
        "raw-deno",
        peer,
        (value) => value.messagesPerSecond,
      );
      lines.push(verdict(
        spread,
        (median) => median >= target,
        `echo ${connections}×${inflight}: wiretype ≥ ${target}× ${label}`,
        ratioText,
        floor === undefined || floor.runs === 0
          ? ""
          : `; raw Deno itself: ${ratioText(floor.median)}`,
      ));
    }
    // The same target per server CPU second: what the ratio would be if
    // both had a core to themselves, which a shared machine cannot promise.
    const efficiency = ratioSpread(
      entry,
      "wiretype",
      "raw-deno",
      (value) => value.messagesPerSecond / value.serverCores,
    );
    lines.push(verdict(
      efficiency,
      (median) => median >= 0.9,
      `echo ${connections}×${inflight}: wiretype messages per server core-second ≥ 0.9× raw Deno`,
      ratioText,
    ));
    // Issue 17: no connection left unanswered for the whole window.
    if (connections >= 1_000 && inflight > 1) {
      const starved = metricSpread(
        entry,
        "wiretype",
        (value) => value.starvedConnections,
      );
      const floor = metricSpread(
        entry,
        "raw-deno",
        (value) => value.starvedConnections,
      );
      lines.push(verdict(
        starved,
        (median) => median === 0,
        `echo ${connections}×${inflight}: no starved wiretype connection`,
        (median) => `${median} of ${connections}`,
        floor.runs === 0 ? "" : `; raw Deno itself: ${floor.median}`,
      ));
    }
  }
  for (const entry of results.broadcast) {
    if (entry.testCase.members !== BROADCAST_TARGET_MEMBERS) continue;
    for (const server of ["wiretype", "wiretype-parallel"] as const) {
      const spread = metricSpread(
        entry,
        server,
        (value) => value.latency.p99Ms,
      );
      lines.push(verdict(
        spread,
        (median) => median < BROADCAST_P99_TARGET_MS,
        `broadcast to ${BROADCAST_TARGET_MEMBERS.toLocaleString("en-US")}: ${
          server === "wiretype" ? "wiretype" : SERVERS[server].label
        } p99 < ${BROADCAST_P99_TARGET_MS} ms`,
        (median) => `${median.toFixed(1)} ms`,
      ));
    }
  }
  for (const entry of results.connections) {
    const spread = metricSpread(
      entry,
      "wiretype",
      (value) => value.bytesPerConnection,
    );
    lines.push(verdict(
      spread,
      (median) => median < IDLE_TARGET_BYTES,
      `idle connection: wiretype < ${IDLE_TARGET_BYTES / 1024} KiB`,
      (median) => `${(median / 1024).toFixed(1)} KiB`,
    ));
  }
  return lines.filter((line) => line !== undefined);
}

function verdict(
  spread: Spread,
  met: (median: number) => boolean,
  target: string,
  format: (median: number) => string,
  context = "",
): string | undefined {
  if (spread.runs === 0) return undefined;
  const runs = `${spread.runs} run${spread.runs === 1 ? "" : "s"}`;
  return `${met(spread.median) ? "met" : "MISSED"}: ${target} (median ${
    format(spread.median)
  } over ${runs}${context})`;
}

/** A ratio cut (not rounded) to 3 decimals, so a near miss never reads as met. */
function ratioText(value: number): string {
  return `${(Math.floor(value * 1000) / 1000).toFixed(3)}×`;
}
