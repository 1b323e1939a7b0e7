/**
 * Entry point of one load-generator process, started by the harness with
 * its {@link RoleConfig} as the only argument (JSON). It speaks the control
 * line protocol on stdin/stdout and exits when its role is done.
 *
 * ```sh
 * deno run -A bench/load/client_process.ts '{"role":"echo",...}'
 * ```
 *
 * @module
 */
import type { RoleConfig } from "./client_config.ts";
import { runConnectRole } from "./connect_role.ts";
import { type ControlMessage, controlMessages, report } from "./control.ts";
import { runEchoRole } from "./echo_role.ts";
import { runMembersRole } from "./members_role.ts";

if (import.meta.main) {
  const config = JSON.parse(Deno.args[0] ?? "null") as RoleConfig;
  // Commands are read as they come, so that the end of stdin (the harness
  // went away) ends the process at once, whatever the role is doing.
  const queued: ControlMessage[] = [];
  let wake: (() => void) | undefined;
  (async () => {
    for await (const message of controlMessages(Deno.stdin.readable)) {
      queued.push(message);
      wake?.();
    }
    Deno.exit(3);
  })();
  const nextCommand = async (): Promise<ControlMessage> => {
    while (queued.length === 0) {
      await new Promise<void>((resolve) => wake = resolve);
    }
    return queued.shift()!;
  };
  try {
    switch (config.role) {
      case "echo":
        await runEchoRole(config, nextCommand, report);
        break;
      case "members":
        await runMembersRole(config, nextCommand, report);
        break;
      case "connect":
        await runConnectRole(config, nextCommand, report);
        break;
    }
  } catch (error) {
    report({
      kind: "error",
      message: error instanceof Error ? error.message : String(error),
    });
    Deno.exit(1);
  }
  Deno.exit(0);
}
