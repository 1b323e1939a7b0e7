/**
 * CPU time and memory of a process, from Linux's /proc: how the harness
 * measures the servers and its own client processes without their help.
 *
 * @module
 */

// Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux
// configuration the kernel ships by default (USER_HZ).
const TICKS_PER_SECOND = 100;

/**
 * User plus system CPU seconds `pid` has used so far, all threads included.
 *
 * @example
 * ```ts
 * const before = cpuSeconds(pid);
 * // ... load ...
 * const coresBusy = (cpuSeconds(pid) - before) / elapsedSeconds;
 * ```
 */
export function cpuSeconds(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  // The command name (field 2) may hold spaces; fields after it are plain.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15, i.e. 11 and 12 after the name.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * The resident set size of `pid` in bytes (`VmRSS`).
 *
 * @example
 * ```ts
 * const rssBytes = residentBytes(server.pid);
 * ```
 */
export function residentBytes(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kib) * 1024;
}

/**
 * Samples the CPU use of several processes over an interval.
 *
 * @example
 * ```ts
 * const meter = CpuMeter.start([server.pid]);
 * // ... load ...
 * meter.stop(); // [cores busy of the server]
 * ```
 */
export class CpuMeter {
  #pids: readonly number[];
  #startCpu: number[];
  #startMs: number;

  private constructor(pids: readonly number[]) {
    this.#pids = pids;
    this.#startCpu = pids.map(cpuSeconds);
    this.#startMs = performance.now();
  }

  /** Starts measuring `pids`. */
  static start(pids: readonly number[]): CpuMeter {
    return new CpuMeter(pids);
  }

  /** The average cores each process kept busy since the start (1 = one core). */
  stop(): number[] {
    const seconds = (performance.now() - this.#startMs) / 1000;
    return this.#pids.map((pid, index) =>
      (cpuSeconds(pid) - this.#startCpu[index]) / seconds
    );
  }
}
