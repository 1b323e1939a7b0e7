/**
 * The facts a result table needs to be reproducible: the machine and the
 * versions of every runtime and package under test.
 *
 * @module
 */
import { installedVersion } from "./node_deps.ts";

/** Machine and versions, as shown at the top of a result table. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly kernel: string;
  readonly deno: string;
  readonly v8: string;
  readonly node: string;
  readonly ws: string;
  readonly socketIo: string;
  /** 1-minute load average when the bench started: other work on the machine. */
  readonly loadAverage: number;
}

/**
 * Reads the machine's facts from /proc and the runtimes.
 *
 * @example
 * ```ts
 * const machine = await describeMachine();
 * console.log(machine.cpuModel, machine.cores);
 * ```
 */
export async function describeMachine(): Promise<MachineInfo> {
  const cpuinfo = Deno.readTextFileSync("/proc/cpuinfo");
  const meminfo = Deno.readTextFileSync("/proc/meminfo");
  const memKiB = Number(/^MemTotal:\s+(\d+)/m.exec(meminfo)?.[1] ?? 0);
  return {
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ??
      "unknown",
    cores: navigator.hardwareConcurrency,
    memoryGiB: Math.round((memKiB / 1024 / 1024) * 10) / 10,
    kernel: Deno.osRelease(),
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    node: await nodeVersion(),
    ws: installedVersion("ws") ?? "missing",
    socketIo: installedVersion("socket.io") ?? "missing",
    loadAverage: Deno.loadavg()[0],
  };
}

async function nodeVersion(): Promise<string> {
  try {
    const output = await new Deno.Command("node", {
      args: ["--version"],
      stdout: "piped",
    }).output();
    return new TextDecoder().decode(output.stdout).trim().replace(/^v/, "");
  } catch {
    return "missing";
  }
}
