import type { SourceFile } from "ts-morph";
import { relative } from "node:path";

/**
 * `file:line:column` of a position in `file` (line and column from 1), the
 * file relative to `cwd` with `/` separators, as every generator message
 * names places.
 *
 * @example
 * ```ts
 * sourceLocation(node.getSourceFile(), node.getStart(), Deno.cwd()); // "protocol/chat.ts:12:5"
 * ```
 */
export function sourceLocation(
  file: SourceFile,
  position: number,
  cwd: string,
): string {
  const { line, column } = file.getLineAndColumnAtPos(position);
  const path = relative(cwd, file.getFilePath()).replaceAll("\\", "/");
  return `${path}:${line}:${column}`;
}
