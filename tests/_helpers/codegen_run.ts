/**
 * Helpers for the code generator tests: the repository root, throwaway
 * protocol directories, and the codegen CLI run as a real subprocess.
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { generate } from "../../codegen/generate.ts";

/** Absolute path of the repository root (no trailing slash). */
export const REPO_ROOT: string = fileURLToPath(
  new URL("../..", import.meta.url),
).replace(/[\\/]$/, "");

/** Absolute path of the codegen CLI entry point. */
export const CODEGEN_MAIN: string = join(REPO_ROOT, "codegen", "main.ts");

/** What a finished CLI run printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `deno run -A codegen/main.ts ...args` in `cwd` and waits for it;
 * `permissions` replaces `-A` (e.g. `["--allow-read", "--allow-env"]`).
 *
 * @example
 * ```ts
 * const run = await runCodegenCli(["--check", "protocol/"], dir);
 * assertEquals(run.code, 0);
 * ```
 */
export async function runCodegenCli(
  args: readonly string[],
  cwd: string,
  permissions: readonly string[] = ["-A"],
): Promise<CliRun> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...permissions, CODEGEN_MAIN, ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/**
 * Creates a temporary directory, runs `body` with its path, and removes it
 * afterwards, also when `body` throws.
 *
 * @example
 * ```ts
 * await withTempDir(async (dir) => {
 *   await Deno.writeTextFile(`${dir}/a.ts`, "export {};");
 * });
 * ```
 */
export async function withTempDir<T>(
  body: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "wiretype_codegen_" });
  try {
    return await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Writes `files` (relative path -> text) under `dir`, creating folders.
 *
 * @example
 * ```ts
 * await writeFiles(dir, { "protocol/chat.ts": source });
 * ```
 */
export async function writeFiles(
  dir: string,
  files: Readonly<Record<string, string>>,
): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    const target = join(dir, path);
    await Deno.mkdir(join(target, ".."), { recursive: true });
    await Deno.writeTextFile(target, text);
  }
}

/**
 * The `.ts` files directly in `dir`, by name, with their text.
 *
 * @example
 * ```ts
 * const generated = await readTsFiles("protocol/gen");
 * generated.get("chat_protocol.ts");
 * ```
 */
export async function readTsFiles(dir: string): Promise<Map<string, string>> {
  return await readFilesEndingWith(dir, [".ts"]);
}

/**
 * The generated files directly in `dir` (`.ts` and `.json`), by name, with
 * their text.
 *
 * @example
 * ```ts
 * const generated = await readGeneratedFiles("protocol/gen");
 * generated.get("chat_asyncapi.json");
 * ```
 */
export async function readGeneratedFiles(
  dir: string,
): Promise<Map<string, string>> {
  return await readFilesEndingWith(dir, [".ts", ".json"]);
}

async function readFilesEndingWith(
  dir: string,
  endings: readonly string[],
): Promise<Map<string, string>> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && endings.some((ending) => entry.name.endsWith(ending))) {
      names.push(entry.name);
    }
  }
  names.sort();
  const files = new Map<string, string>();
  for (const name of names) {
    files.set(name, await Deno.readTextFile(join(dir, name)));
  }
  return files;
}

/** The generated `<name>_protocol.ts` of a throwaway protocol, imported. */
export interface GeneratedProtocol {
  /** The module's exports (validators, protocol info), by name. */
  readonly exports: Readonly<Record<string, unknown>>;
  /** The generated files' text, by name (`auction_protocol.ts`...). */
  readonly files: ReadonlyMap<string, string>;
}

/**
 * Writes `source` as `protocol/<name>.ts` in a temporary directory,
 * generates it and imports its `gen/<name>_protocol.ts`.
 *
 * @example
 * ```ts
 * const { exports } = await generateAndImport("echo", source);
 * const validate = exports.validateEchoSayMessage as Validator;
 * ```
 */
export async function generateAndImport(
  name: string,
  source: string,
): Promise<GeneratedProtocol> {
  return await withTempDir(async (dir) => {
    await writeFiles(dir, { [`protocol/${name}.ts`]: source });
    await generate({ inputDir: "protocol", cwd: dir });
    const gen = join(dir, "protocol", "gen");
    const exports = await import(
      pathToFileURL(join(gen, `${name}_protocol.ts`)).href
    );
    return { exports, files: await readTsFiles(gen) };
  });
}
