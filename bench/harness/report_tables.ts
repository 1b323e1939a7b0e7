/**
 * The markdown tables of each workload: one row per server, each cell the
 * median (min–max) over runs, ratios against raw Deno taken within a run,
 * and a note under the table for every failed run or problem seen.
 *
 * @module
 */
import type { LatencySummary } from "../load/histogram.ts";
import { metricSpread, ratioSpread } from "./outcome_spreads.ts";
import { type ServerKind, SERVERS } from "./server_process.ts";
import { formatSpread } from "./summary.ts";
import type { CaseOutcomes, SuiteResults } from "./suite.ts";

const RAW: ServerKind = "raw-deno";
const integer = (value: number) => Math.round(value).toLocaleString("en-US");
const ratio = (value: number) => `${value.toFixed(2)}×`;
const millis = (value: number) =>
  value >= 100
    ? value.toFixed(0)
    : value >= 10
    ? value.toFixed(1)
    : value.toFixed(2);
const cores = (value: number) => value.toFixed(2);
const micros = (value: number) => value.toFixed(1);
const kib = (bytes: number) => (bytes / 1024).toFixed(1);

function rows<M extends { readonly problems: string | undefined }>(
  entry: CaseOutcomes<unknown, M>,
  cells: (server: ServerKind) => string[],
): { lines: string[]; notes: string[] } {
  const lines: string[] = [];
  const notes: string[] = [];
  for (
    const server of new Set(entry.outcomes.map((outcome) => outcome.server))
  ) {
    const outcomes = entry.outcomes.filter((outcome) =>
      outcome.server === server
    );
    const failures = outcomes.filter((outcome) => "error" in outcome);
    const succeeded = outcomes.length - failures.length;
    if (succeeded === 0) {
      lines.push(`| ${SERVERS[server].label} | failed |`);
    } else {
      lines.push(`| ${SERVERS[server].label} | ${cells(server).join(" | ")} |`);
    }
    for (const failure of failures) {
      notes.push(
        `${SERVERS[server].label}, run ${failure.run}: failed: ${
          (failure as { error: string }).error.split("\n")[0]
        }`,
      );
    }
    for (const outcome of outcomes) {
      const problems = "value" in outcome ? outcome.value.problems : undefined;
      if (problems !== undefined) {
        notes.push(
          `${SERVERS[server].label}, run ${outcome.run}: ${problems}`,
        );
      }
    }
  }
  return { lines, notes };
}

function latencyCells<M>(
  entry: CaseOutcomes<unknown, M>,
  server: ServerKind,
  latency: (value: M) => LatencySummary,
) {
  return (["p50Ms", "p90Ms", "p99Ms", "maxMs"] as const).map((key) =>
    formatSpread(
      metricSpread(entry, server, (value) => latency(value)[key]),
      millis,
    )
  );
}

function table(
  heading: string,
  columns: string[],
  body: { lines: string[]; notes: string[] },
): string {
  return [
    `### ${heading}`,
    "",
    `| server | ${columns.join(" | ")} |`,
    `| --- | ${columns.map(() => "---:").join(" | ")} |`,
    ...body.lines,
    ...(body.notes.length > 0
      ? ["", ...body.notes.map((note) => `- ${note}`)]
      : []),
    "",
  ].join("\n");
}

/**
 * The echo table of one case: throughput, latency, CPU on both sides.
 *
 * @example
 * ```ts
 * renderEcho(results.echo[0]);
 * ```
 */
export function renderEcho(entry: SuiteResults["echo"][number]): string {
  const { connections, inflight, payloadBytes } = entry.testCase;
  return table(
    `${connections} connections × ${inflight} in flight, ${payloadBytes}-byte payload`,
    [
      "messages/s",
      "vs raw Deno",
      "p50 ms",
      "p90 ms",
      "p99 ms",
      "max ms",
      "server cores",
      "generator cores",
      "messages per server core-second",
      "vs raw Deno",
      "starved connections",
    ],
    rows(entry, (server) => {
      const throughput = (value: { messagesPerSecond: number }) =>
        value.messagesPerSecond;
      const efficiency = (
        value: { messagesPerSecond: number; serverCores: number },
      ) => value.messagesPerSecond / value.serverCores;
      return [
        formatSpread(metricSpread(entry, server, throughput), integer),
        formatSpread(ratioSpread(entry, server, RAW, throughput), ratio),
        ...latencyCells(entry, server, (value) => value.latency),
        formatSpread(
          metricSpread(entry, server, (value) => value.serverCores),
          cores,
        ),
        formatSpread(
          metricSpread(entry, server, (value) => value.clientCores),
          cores,
        ),
        formatSpread(metricSpread(entry, server, efficiency), integer),
        formatSpread(ratioSpread(entry, server, RAW, efficiency), ratio),
        formatSpread(
          metricSpread(entry, server, (value) => value.starvedConnections),
          integer,
        ),
      ];
    }),
  );
}

/**
 * The broadcast table of one case: fan-out rate, time to the last delivery, latency.
 *
 * @example
 * ```ts
 * renderBroadcast(results.broadcast[0]);
 * ```
 */
export function renderBroadcast(
  entry: SuiteResults["broadcast"][number],
): string {
  const { members, intervalMs } = entry.testCase;
  return table(
    `${
      members.toLocaleString("en-US")
    } members, one broadcast every ${intervalMs} ms`,
    [
      "deliveries/s",
      "vs raw Deno",
      "send → last delivery ms",
      "p50 ms",
      "p90 ms",
      "p99 ms",
      "max ms",
      "server cores",
      "generator cores",
      "server CPU µs per delivery",
    ],
    rows(entry, (server) => {
      const rate = (value: { deliveriesPerSecond: number }) =>
        value.deliveriesPerSecond;
      // Cores busy over the broadcasting phase, spread over its deliveries.
      const cpuPerDelivery = (value: { serverCores: number }) =>
        (value.serverCores * intervalMs * 1000) / members;
      return [
        formatSpread(metricSpread(entry, server, rate), integer),
        formatSpread(ratioSpread(entry, server, RAW, rate), ratio),
        formatSpread(
          metricSpread(entry, server, (value) => value.lastDeliveryMs),
          millis,
        ),
        ...latencyCells(entry, server, (value) => value.latency),
        formatSpread(
          metricSpread(entry, server, (value) => value.serverCores),
          cores,
        ),
        formatSpread(
          metricSpread(entry, server, (value) => value.clientCores),
          cores,
        ),
        formatSpread(metricSpread(entry, server, cpuPerDelivery), micros),
      ];
    }),
  );
}

/**
 * The idle-connection table: server memory per open connection.
 *
 * @example
 * ```ts
 * renderIdle(results.connections[0]);
 * ```
 */
export function renderIdle(entry: SuiteResults["connections"][number]): string {
  return table(
    `${
      entry.testCase.connections.toLocaleString("en-US")
    } idle authenticated connections`,
    ["KiB per connection", "vs raw Deno"],
    rows(entry, (server) => {
      const memory = (value: { bytesPerConnection: number }) =>
        value.bytesPerConnection;
      return [
        formatSpread(metricSpread(entry, server, memory), kib),
        formatSpread(ratioSpread(entry, server, RAW, memory), ratio),
      ];
    }),
  );
}

/**
 * The connection-setup table: rate, latency and server CPU per connection.
 *
 * @example
 * ```ts
 * renderConnect(results.connections[0]);
 * ```
 */
export function renderConnect(
  entry: SuiteResults["connections"][number],
): string {
  return table(
    `${
      entry.testCase.connections.toLocaleString("en-US")
    } authenticated connections opened, 32 at a time per generator process`,
    [
      "connections/s",
      "vs raw Deno",
      "p50 ms",
      "p90 ms",
      "p99 ms",
      "max ms",
      "server CPU ms per connection",
    ],
    rows(entry, (server) => {
      const rate = (value: { connectionsPerSecond: number }) =>
        value.connectionsPerSecond;
      return [
        formatSpread(metricSpread(entry, server, rate), integer),
        formatSpread(ratioSpread(entry, server, RAW, rate), ratio),
        ...latencyCells(entry, server, (value) => value.setupLatency),
        formatSpread(
          metricSpread(
            entry,
            server,
            (value) => value.serverCpuMsPerConnection,
          ),
          (value) => value.toFixed(3),
        ),
      ];
    }),
  );
}
