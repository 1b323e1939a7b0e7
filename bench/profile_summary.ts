/**
 * Reads a V8 CPU profile (`--cpu-prof`, as `deno task bench --profile=DIR`
 * writes one per server) and prints where the busy time went: the frames
 * with the most time of their own, and the call tree under one function,
 * as shares of the time the process was not idle.
 *
 * ```sh
 * deno task bench --only=echo --echo=64x16 --servers=raw-deno,wiretype --profile=/tmp/p
 * deno run -A bench/profile_summary.ts /tmp/p/wiretype/*.cpuprofile --under=handleFrame
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const SHOWN_FRAMES = 25;
const TREE_DEPTH = 5;
const TREE_MIN_SHARE = 0.002;

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.split("/").pop() ?? "";
  return `${functionName || "(anonymous)"}${
    file ? ` ${file}:${lineNumber + 1}` : ""
  }`;
}

function summarise(profile: CpuProfile, under: string | undefined): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + profile.timeDeltas[index]);
  });
  const idle = profile.nodes.filter((node) =>
    node.callFrame.functionName === "(idle)"
  )
    .reduce((sum, node) => sum + (selfMicros.get(node.id) ?? 0), 0);
  const busy = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0) - idle;
  const share = (micros: number) =>
    `${((100 * micros) / busy).toFixed(1).padStart(5)}%`;
  const lines = [
    `busy ${(busy / 1000).toFixed(0)} ms (idle ${(idle / 1000).toFixed(0)} ms)`,
    "",
    "own time:",
  ];
  const own = new Map<string, number>();
  for (const node of profile.nodes) {
    if (node.callFrame.functionName === "(idle)") continue;
    own.set(
      frameName(node),
      (own.get(frameName(node)) ?? 0) + (selfMicros.get(node.id) ?? 0),
    );
  }
  for (
    const [name, micros] of [...own].sort((a, b) => b[1] - a[1]).slice(
      0,
      SHOWN_FRAMES,
    )
  ) {
    lines.push(`${share(micros)}  ${name}`);
  }
  if (under === undefined) return lines;
  const totals = new Map<number, number>();
  const total = (id: number): number => {
    const known = totals.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const sum = (selfMicros.get(id) ?? 0) +
      (node.children ?? []).reduce((acc, child) => acc + total(child), 0);
    totals.set(id, sum);
    return sum;
  };
  // Merge every occurrence of `under` (and below it, equal paths) into one tree.
  const tree = new Map<
    string,
    { micros: number; children: Map<string, unknown> }
  >();
  type Tree = typeof tree;
  const add = (id: number, into: Tree, depth: number) => {
    const node = byId.get(id)!;
    const entry = into.get(frameName(node)) ??
      { micros: 0, children: new Map() };
    entry.micros += total(id);
    into.set(frameName(node), entry);
    if (depth < TREE_DEPTH) {
      for (const child of node.children ?? []) {
        add(child, entry.children as Tree, depth + 1);
      }
    }
  };
  const find = (id: number) => {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === under) add(id, tree, 0);
    else for (const child of node.children ?? []) find(child);
  };
  find(profile.nodes[0].id);
  lines.push("", `under ${under} (time including callees):`);
  const print = (into: Tree, indent: string) => {
    for (
      const [name, entry] of [...into].sort((a, b) => b[1].micros - a[1].micros)
    ) {
      if (entry.micros / busy < TREE_MIN_SHARE) continue;
      lines.push(`${share(entry.micros)}  ${indent}${name}`);
      print(entry.children as Tree, `${indent}  `);
    }
  };
  print(tree, "");
  return lines;
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    options: { under: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) {
    console.error(
      "usage: deno run -A bench/profile_summary.ts FILE.cpuprofile... [--under=FUNCTION]",
    );
    Deno.exit(2);
  }
  for (const file of positionals) {
    const profile = JSON.parse(await Deno.readTextFile(file)) as CpuProfile;
    console.log(`\n# ${file}\n`);
    for (const line of summarise(profile, values.under)) console.log(line);
  }
}
