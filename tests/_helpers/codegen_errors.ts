/**
 * Helpers for asserting code generator errors: generate a throwaway
 * protocol and capture the {@link CodegenError}, and find the line and
 * column of a snippet to compare with the error's location.
 *
 * @module
 */
import { join } from "node:path";
import { CodegenError } from "../../codegen/codegen_error.ts";
import { generate } from "../../codegen/generate.ts";
import { withTempDir, writeFiles } from "./codegen_run.ts";

/** The import line every throwaway protocol starts with. */
export const DEFINE_IMPORT =
  'import type { Protocol, Rpc } from "@wiretype/wiretype/define";\n';

/**
 * A protocol file `Bad` served at `/bad` with the given `client` members
 * (one per line, without the braces) and `before` (declarations, imports)
 * above it.
 *
 * @example
 * ```ts
 * const source = badProtocol("say: { text: any };");
 * ```
 */
export function badProtocol(clientMembers: string, before = ""): string {
  return `${DEFINE_IMPORT}${before}
export interface Bad extends Protocol<"/bad"> {
  client: {
    ${clientMembers}
  };
  server: Record<string, never>;
}
`;
}

/** What {@link generationError} found. */
export interface GenerationFailure {
  readonly error: CodegenError;
  /** Whether generation left a `gen` folder behind (it must not). */
  readonly wroteFiles: boolean;
}

/**
 * Writes `files` under a temporary directory, generates `protocol/` there,
 * and returns the CodegenError it fails with; throws if it succeeds or
 * fails with anything else.
 *
 * @example
 * ```ts
 * const { error } = await generationError({ "protocol/bad.ts": source });
 * error.location; // "protocol/bad.ts:5:20"
 * ```
 */
export async function generationError(
  files: Readonly<Record<string, string>>,
): Promise<GenerationFailure> {
  return await withTempDir(async (dir) => {
    await writeFiles(dir, files);
    try {
      await generate({ inputDir: "protocol", cwd: dir });
    } catch (error) {
      if (!(error instanceof CodegenError)) throw error;
      const wroteFiles = await exists(join(dir, "protocol", "gen"));
      return { error, wroteFiles };
    }
    throw new Error("expected the code generator to fail, but it succeeded");
  });
}

/**
 * `line:column` (both from 1) of the first occurrence of `snippet` in
 * `source`, for comparing with error locations.
 *
 * @example
 * ```ts
 * locate("a\nbc", "c"); // "2:2"
 * ```
 */
export function locate(
  source: string,
  snippet: string,
  occurrence = 1,
): string {
  let index = -1;
  for (let seen = 0; seen < occurrence; seen++) {
    index = source.indexOf(snippet, index + 1);
    if (index < 0) throw new Error(`snippet not found: ${snippet}`);
  }
  const before = source.slice(0, index).split("\n");
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
