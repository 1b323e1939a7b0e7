/**
 * Turns suite results into markdown: one block per section, each wrapped in
 * `<!-- bench:NAME -->` markers so bench/RESULTS.md can take the new tables
 * without losing the prose (and other engineers' sections) around them.
 *
 * @module
 */
import type { MachineInfo } from "./machine.ts";
import {
  renderBroadcast,
  renderConnect,
  renderEcho,
  renderIdle,
} from "./report_tables.ts";
import type { BenchSettings } from "./settings.ts";
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

/**
 * A standalone document holding every block (bench/results/latest.md).
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("latest.md", renderDocument(renderBlocks(results, context)));
 * ```
 */
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
