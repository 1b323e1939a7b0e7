/**
 * The wiretype code generator. Reads protocol definitions (TypeScript types)
 * and writes validators, typed server handlers and route factories, typed
 * clients, and an AsyncAPI 3.0 document and JSON Schemas for clients in
 * other languages.
 *
 * ```sh
 * deno run -A jsr:@wiretype/wiretype/codegen protocol/          # write protocol/gen/*
 * deno run -A jsr:@wiretype/wiretype/codegen --check protocol/  # exit 1 if stale
 * ```
 *
 * @example Usage
 * ```ts
 * import { generate } from "@wiretype/wiretype/codegen";
 *
 * await generate({ inputDir: "protocol" });
 * ```
 *
 * @module
 */
import { CodegenError } from "./codegen_error.ts";
import { generate } from "./generate.ts";
import { BreakingChangeError } from "./breaking_change_error.ts";
import type { GeneratedProtocol } from "./generated_protocol.ts";
import type { RemovedProtocol } from "./removed_protocol.ts";

export { CodegenError, CodegenErrorCode } from "./codegen_error.ts";
export { generate } from "./generate.ts";
export type { GenerateOptions, GenerateResult } from "./generate.ts";
export { BreakingChangeError } from "./breaking_change_error.ts";
export type { GeneratedProtocol } from "./generated_protocol.ts";
export type { RemovedProtocol } from "./removed_protocol.ts";
export type { Change } from "./classify.ts";
export type { Direction, RuleName, Severity } from "./change_rules.ts";

const USAGE =
  `usage: wiretype-codegen [--check] [--accept-breaking] [--out DIR] PROTOCOL_DIR...
  Writes <file>_protocol.ts, <file>_server.ts, <file>_client.ts,
  <file>_asyncapi.json (AsyncAPI 3.0) and <file>_schema.json (JSON Schema)
  for every protocol file in each PROTOCOL_DIR into PROTOCOL_DIR/gen (or
  --out DIR).
  Keeps a record of each protocol's revisions in PROTOCOL_DIR/gen and prints
  how the protocol changed since the last one: safe, dangerous or breaking.
  --check            change nothing; exit 1 and name the files that are stale
  --accept-breaking  accept changes that break clients of earlier revisions
                     (they are then closed with 4409); without it such a
                     change is refused: exit 1, nothing written. A record
                     follows its protocol by path: renaming the interface or
                     its file keeps the revisions; removing the protocol or
                     changing its path is breaking
  --help             print this and exit`;

/**
 * Runs the CLI with `args` and returns the exit code; prints problems as
 * `file:line:column: what. Fix: how`, never a stack trace.
 *
 * @example Usage
 * ```ts
 * import { main } from "@wiretype/wiretype/codegen";
 *
 * Deno.exit(await main(["--check", "protocol/"]));
 * ```
 */
export async function main(args: readonly string[]): Promise<number> {
  let check = false;
  let acceptBreaking = false;
  let outputDir: string | undefined;
  const dirs: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      return 0;
    }
    if (arg === "--check") check = true;
    else if (arg === "--accept-breaking") acceptBreaking = true;
    else if (arg === "--out" && args[index + 1] !== undefined) {
      outputDir = args[++index];
    } else if (arg.startsWith("--")) {
      return usageError(`unknown or incomplete option ${arg}`);
    } else dirs.push(arg);
  }
  if (dirs.length === 0) return usageError("no protocol directory given");
  let stale = 0;
  try {
    for (const inputDir of dirs) {
      const result = await generate({
        inputDir,
        outputDir,
        check,
        acceptBreaking,
      });
      printReports(result.protocols, result.removed);
      for (const path of result.changed) {
        console.log(check ? `stale: ${path}` : `wrote ${path}`);
      }
      for (const path of result.obsolete) {
        console.log(check ? `obsolete: ${path}` : `removed ${path}`);
      }
      stale += result.changed.length + result.obsolete.length;
    }
  } catch (error) {
    if (error instanceof BreakingChangeError) {
      printReports(error.protocols, error.removed);
    }
    if (error instanceof CodegenError) {
      for (const problem of error.problems) {
        console.error(
          `error: ${problem.location}: ${problem.problem}. Fix: ${problem.fix}`,
        );
      }
      return 1;
    }
    if (error instanceof Deno.errors.NotCapable) {
      console.error(missingPermission(error, args));
      return 1;
    }
    console.error(
      `error: ${
        (error as Error).message
      }\n(this is a bug in wiretype codegen; please report it)`,
    );
    return 1;
  }
  if (check && stale > 0) {
    console.error(
      `${stale} generated file(s) are stale: regenerate them with \`${
        userCommand(dirs, outputDir)
      }\` (or the task you defined for it) and commit the result`,
    );
    return 1;
  }
  return 0;
}

/**
 * Each protocol's line (`protocol/chat.ts: Chat at /chat, revision 3 ...`)
 * and its change report, then each removed protocol's.
 */
function printReports(
  protocols: readonly GeneratedProtocol[],
  removed: readonly RemovedProtocol[],
): void {
  for (const protocol of protocols) {
    console.log(
      `${protocol.source}: ${protocol.name} at ${protocol.path}, revision ${protocol.revision} (version ${protocol.version}, compatibility line ${protocol.line})`,
    );
    for (const line of protocol.report) console.log(line);
  }
  for (const protocol of removed) {
    console.log(
      `${protocol.record}: ${protocol.name} at ${protocol.path} is no longer defined (revision(s) ${
        protocol.revisions.join(", ")
      })`,
    );
    for (const line of protocol.report) console.log(line);
  }
}

/** The command a user runs to regenerate `dirs`, as the README shows it. */
function userCommand(
  dirs: readonly string[],
  outputDir: string | undefined,
): string {
  const out = outputDir === undefined ? [] : ["--out", outputDir];
  return ["deno run -A jsr:@wiretype/wiretype/codegen", ...out, ...dirs]
    .join(" ");
}

/** Names the permission Deno refused, why codegen needs it, and the command that grants it. */
function missingPermission(error: Error, args: readonly string[]): string {
  const flag = /--allow-[a-z-]+/.exec(error.message)?.[0];
  const why = flag === "--allow-write"
    ? " (it writes the generated files)"
    : flag === "--allow-read"
    ? " (it reads the protocol files)"
    : "";
  return `error: wiretype codegen needs ${
    flag ?? "more permissions"
  }${why}: ${error.message}. Fix: run it with -A, e.g. \`${
    ["deno run -A jsr:@wiretype/wiretype/codegen", ...args].join(" ")
  }\``;
}

function usageError(problem: string): number {
  console.error(`${problem}\n${USAGE}`);
  return 2;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
