/**
 * Turns suite results into markdown: one block per section, each wrapped in
 * `<!-- bench:NAME -->` markers so bench/RESULTS.md can take the new tables
 * without losing the prose (and other engineers' sections) around them.
 *
 * @module
 */
import type { LatencySummary } from "../load/histogram.ts";
import type { MachineInfo } from "./machine.ts";
import { type ServerKind, SERVERS } from "./server_process.ts";
import type { BenchSettings } from "./settings.ts";
import { metricSpread, ratioSpread } from "./outcome_spreads.ts";
import { formatSpread } from "./summary.ts";
import type { CaseOutcomes, SuitePlan, SuiteResults } from "./suite.ts";
import { checkTargets } from "./targets.ts";

/** The marked blocks of a report, by marker name. */
export type ReportBlocks = Readonly<Record<string, string>>;

/** What the report says about how the numbers were taken. */
export interface ReportContext {
  readonly machine: MachineInfo;
  readonly plan: SuitePlan;
  readonly settings: BenchSettings;
  readonly command: string;
  readonly startedAt: Date;
}

/**
 * Renders every block of the report.
 *
 * @example
 * ```ts
 * const blocks = renderBlocks(results, context);
 * await Deno.writeTextFile("latest.md", renderDocument(blocks));
 * ```
 */
export function renderBlocks(
  results: SuiteResults,
  context: ReportContext,
): ReportBlocks {
  const ran = <C, M>(entries: CaseOutcomes<C, M>[]) =>
    entries.filter((entry) => entry.outcomes.length > 0);
  const blocks: Record<string, string> = { setup: renderSetup(context) };
  // Workloads left out of this invocation keep their previous tables.
  const sections: [string, string[]][] = [
    ["echo", ran(results.echo).map(renderEcho)],
    ["broadcast", ran(results.broadcast).map(renderBroadcast)],
    ["idle", ran(results.connections).map(renderIdle)],
    ["connect", ran(results.connections).map(renderConnect)],
  ];
  for (const [name, tables] of sections) {
    if (tables.length > 0) blocks[name] = tables.join("\n");
  }
  const targets = checkTargets(results);
  if (targets.length > 0) {
    blocks.targets = targets.map((line) => `- ${line}`).join("\n") + "\n";
  }
  return blocks;
}

const SECTIONS: readonly [string, string][] = [
  ["echo", "## Echo"],
  ["broadcast", "## Broadcast"],
  ["idle", "## Idle connections"],
  ["connect", "## Connection setup"],
  ["targets", "## Targets"],
];

/** A standalone document holding every block (bench/results/latest.md). */
export function renderDocument(blocks: ReportBlocks): string {
  const parts = ["# wiretype bench: latest run\n", mark("setup", blocks.setup)];
  for (const [name, heading] of SECTIONS) {
    if (blocks[name] !== undefined) {
      parts.push(`${heading}\n\n${mark(name, blocks[name])}`);
    }
  }
  return parts.join("\n");
}

/**
 * Replaces each marked block of `document` that `blocks` has a new version
 * of; everything outside the markers stays as it was.
 *
 * @example
 * ```ts
 * const updated = replaceBlocks(await Deno.readTextFile("bench/RESULTS.md"), blocks);
 * ```
 */
export function replaceBlocks(document: string, blocks: ReportBlocks): string {
  let updated = document;
  for (const [name, content] of Object.entries(blocks)) {
    const pattern = new RegExp(
      `<!-- bench:${name} -->[\\s\\S]*?<!-- /bench:${name} -->`,
    );
    updated = updated.replace(pattern, () => mark(name, content).trimEnd());
  }
  return updated;
}

function mark(name: string, content: string): string {
  return `<!-- bench:${name} -->\n${content.trimEnd()}\n<!-- /bench:${name} -->\n`;
}

function renderSetup(
  { machine, plan, settings, command, startedAt }: ReportContext,
): string {
  const placement = settings.serverCpus === undefined
    ? "not pinned: the OS places servers and generator on both cores"
    : `servers pinned to CPU ${settings.serverCpus}, load generator to CPU ${settings.clientCpus}`;
  return [
    `- Command: \`${command}\` (${startedAt.toISOString()})`,
    `- Machine: ${machine.cores} × ${machine.cpuModel}, ${machine.memoryGiB} GiB RAM, Linux ${machine.kernel}; ` +
    `1-minute load average at start: ${machine.loadAverage.toFixed(2)}`,
    `- Versions: Deno ${machine.deno} (V8 ${machine.v8}), Node ${machine.node}, ws ${machine.ws}, socket.io ${machine.socketIo}`,
    `- Runs: ${plan.runs} per number, shown as median (min–max) when more than one; ratios are taken within each run, then the median`,
    `- Echo: ${settings.warmupMs} ms warm-up, ${settings.durationMs} ms measured; broadcast: ${settings.warmupBroadcasts} warm-up + ` +
    `${settings.broadcasts} measured; idle: ${settings.idleConnections} connections, weighed ${settings.settleMs} ms after the last opened`,
    `- Placement: ${placement}; ${settings.clientProcesses} load-generator processes`,
    "",
  ].join("\n");
}

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

function renderEcho(entry: SuiteResults["echo"][number]): string {
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
      ];
    }),
  );
}

function renderBroadcast(entry: SuiteResults["broadcast"][number]): string {
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

function renderIdle(entry: SuiteResults["connections"][number]): string {
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

function renderConnect(entry: SuiteResults["connections"][number]): string {
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
