/**
 * The load generator's processes, seen from the harness: started with a
 * role each, driven in lockstep with control messages, and stopped.
 *
 * @module
 */
import type { RoleConfig } from "../load/client_config.ts";
import { type ControlMessage, controlMessages } from "../load/control.ts";
import { withDeadline } from "../load/deadline.ts";
import { launchCommand } from "./launch.ts";

const clientEntry =
  new URL("../load/client_process.ts", import.meta.url).pathname;
const encoder = new TextEncoder();
const KEEP_OUTPUT_LINES = 20;

interface Client {
  readonly process: Deno.ChildProcess;
  readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly messages: AsyncGenerator<ControlMessage>;
  readonly stderr: string[];
}

/**
 * A set of client processes. Every step sends one command to all of them
 * and waits for one answer of an expected kind from each.
 *
 * @example
 * ```ts
 * const pool = await ClientPool.start(configs, "1", 60_000);
 * const results = await pool.step({ kind: "go" }, "result", 30_000);
 * await pool.stop();
 * ```
 */
export class ClientPool {
  #clients: Client[];

  private constructor(clients: Client[]) {
    this.#clients = clients;
  }

  /**
   * Starts one process per config (pinned to `cpus` if given) and waits
   * until every one reports `ready`.
   */
  static async start(
    configs: readonly RoleConfig[],
    cpus: string | undefined,
    readyTimeoutMs: number,
  ): Promise<ClientPool> {
    const clients = configs.map((config) => spawnClient(config, cpus));
    const pool = new ClientPool(clients);
    try {
      await pool.expectAll("ready", readyTimeoutMs);
    } catch (error) {
      await pool.stop();
      throw error;
    }
    return pool;
  }

  /** The process ids, for CPU accounting. */
  get pids(): number[] {
    return this.#clients.map((client) => client.process.pid);
  }

  /** Sends `command` to every process and returns each one's answer of kind `expect`. */
  async step(
    command: ControlMessage,
    expect: string,
    timeoutMs: number,
  ): Promise<ControlMessage[]> {
    await this.send(command);
    return await this.expectAll(expect, timeoutMs);
  }

  /** Sends `command` to every process. */
  async send(command: ControlMessage): Promise<void> {
    const line = encoder.encode(JSON.stringify(command) + "\n");
    await Promise.all(this.#clients.map((client) => client.writer.write(line)));
  }

  /** Asks every process to close its connections, then ends them all. */
  async stop(): Promise<void> {
    try {
      await this.step({ kind: "close" }, "closed", 30_000);
    } catch {
      // Those that did not close in time are killed below.
    }
    await Promise.all(this.#clients.map(async (client) => {
      await client.writer.close().catch(() => {});
      await withDeadline(client.process.status.then(() => {}), 5_000, () => {
        try {
          client.process.kill("SIGKILL");
        } catch {
          // Gone meanwhile.
        }
      });
      await client.process.status;
    }));
  }

  /** Waits for one message of `kind` from every process; throws on an error report or timeout. */
  async expectAll(kind: string, timeoutMs: number): Promise<ControlMessage[]> {
    return await withDeadline(
      Promise.all(this.#clients.map((client) => nextOfKind(client, kind))),
      timeoutMs,
      () => {
        throw new Error(
          `client processes did not answer "${kind}" within ${timeoutMs} ms`,
        );
      },
    );
  }
}

function spawnClient(config: RoleConfig, cpus: string | undefined): Client {
  const argv = [
    Deno.execPath(),
    "run",
    "-A",
    clientEntry,
    JSON.stringify(config),
  ];
  const { program, args } = launchCommand(argv, cpus);
  const process = new Deno.Command(program, {
    args,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr: string[] = [];
  (async () => {
    for await (
      const text of process.stderr.pipeThrough(new TextDecoderStream())
    ) {
      stderr.push(...text.split("\n").filter((line) => line.length > 0));
      stderr.splice(0, Math.max(0, stderr.length - KEEP_OUTPUT_LINES));
    }
  })();
  return {
    process,
    writer: process.stdin.getWriter(),
    messages: controlMessages(process.stdout),
    stderr,
  };
}

async function nextOfKind(
  client: Client,
  kind: string,
): Promise<ControlMessage> {
  for (;;) {
    const next = await client.messages.next();
    if (next.done) {
      throw new Error(
        `a client process ended before "${kind}":\n${client.stderr.join("\n")}`,
      );
    }
    const message = next.value;
    if (message.kind === kind) return message;
    if (message.kind === "error") {
      throw new Error(
        `a client process failed: ${String(message.message)}\n${
          client.stderr.join("\n")
        }`,
      );
    }
    // Stray output ("text") is not part of the protocol; keep it visible.
    if (message.kind === "text") {
      console.error(`client: ${String(message.line)}`);
    }
  }
}
