import type { SourceFile } from "ts-morph";
import { relative } from "node:path";

/**
 * `file:line:column` of a position in `file` (line and column from 1), the
 * file relative to `cwd` with `/` separators, as every generator message
 * names places.
 *
 * @example Usage
 * ```ts
 * import { Project } from "ts-morph";
 * import { sourceLocation } from "./source_location.ts";
 *
 * const file = new Project({ useInMemoryFileSystem: true }).createSourceFile(
 *   "/app/protocol/chat.ts",
 *   "export interface Chat {\n  client: { say: { text: string } };\n}",
 * );
 * const client = file.getInterfaceOrThrow("Chat").getPropertyOrThrow("client");
 * sourceLocation(file, client.getStart(), "/app"); // "protocol/chat.ts:2:3"
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
