import { type Node, type SourceFile, ts } from "ts-morph";

/** One tag of a JSDoc block, such as `@maxLength 2000`. */
export interface DocTag {
  /** The tag's name without `@`. */
  readonly name: string;
  /** The text after the name, trimmed. */
  readonly text: string;
  /** Offset of the `@` in the source file. */
  readonly position: number;
}

/** One `/** ... *\/` comment: its description and its tags. */
export interface DocBlock {
  /** Offset of the comment's `/**` in the source file. */
  readonly position: number;
  /** The text before the first tag, trimmed. */
  readonly description: string;
  readonly tags: readonly DocTag[];
}

/**
 * The JSDoc blocks in front of `node`: those on the lines above it, and also
 * one on its own line after the previous member (`room: Room; /** @minLength
 * 1 *\/ text: string`), which TypeScript attaches to nothing.
 *
 * @example Usage
 * ```ts
 * import { Project } from "ts-morph";
 * import { docBlocksBefore } from "./read_doc_blocks.ts";
 *
 * const file = new Project({ useInMemoryFileSystem: true }).createSourceFile(
 *   "chat.ts",
 *   "interface Say {\n  room: string; /** @minLength 1 *\/\n  text: string;\n}",
 * );
 * const text = file.getInterfaceOrThrow("Say").getPropertyOrThrow("text");
 * docBlocksBefore(text).flatMap((block) => block.tags); // [{ name: "minLength", text: "1", ... }]
 * ```
 */
export function docBlocksBefore(node: Node): DocBlock[] {
  return docBlocksIn(node.getSourceFile(), node.getPos(), node.getStart());
}

/**
 * The JSDoc blocks inside `node`'s own text (its leading comments excluded).
 *
 * @example Usage
 * ```ts
 * import { Project } from "ts-morph";
 * import { docBlocksWithin } from "./read_doc_blocks.ts";
 *
 * const file = new Project({ useInMemoryFileSystem: true }).createSourceFile(
 *   "chat.ts",
 *   "interface Say {\n  /** The room. *\/\n  room: string;\n  /** @minLength 1 *\/\n  text: string;\n}",
 * );
 * docBlocksWithin(file.getInterfaceOrThrow("Say")).length; // 2
 * ```
 */
export function docBlocksWithin(node: Node): DocBlock[] {
  return docBlocksIn(node.getSourceFile(), node.getStart(), node.getEnd());
}

function docBlocksIn(file: SourceFile, start: number, end: number): DocBlock[] {
  const scanner = ts.createScanner(
    ts.ScriptTarget.Latest,
    false,
    ts.LanguageVariant.Standard,
    file.getFullText(),
    undefined,
    start,
    end - start,
  );
  const blocks: DocBlock[] = [];
  for (
    let kind = scanner.scan();
    kind !== ts.SyntaxKind.EndOfFileToken;
    kind = scanner.scan()
  ) {
    if (kind !== ts.SyntaxKind.MultiLineCommentTrivia) continue;
    const comment = scanner.getTokenText();
    if (comment.startsWith("/**") && comment !== "/**/") {
      blocks.push(parseBlock(comment, scanner.getTokenStart()));
    }
  }
  return blocks;
}

/**
 * Parses one comment with TypeScript's own JSDoc parser (by placing it in
 * front of a throwaway declaration), so tags split exactly as editors show
 * them: `@minLength 1 @maxLength 2000` is two tags.
 */
function parseBlock(comment: string, position: number): DocBlock {
  const source = ts.createSourceFile(
    "doc.ts",
    `${comment}type _ = 0;`,
    ts.ScriptTarget.Latest,
    true,
  );
  const docs = ts.getJSDocCommentsAndTags(source.statements[0])
    .filter(ts.isJSDoc);
  const description = docs.map((doc) =>
    ts.getTextOfJSDocComment(doc.comment) ?? ""
  ).join("\n").trim();
  const tags = docs.flatMap((doc) => doc.tags ?? []).map((tag) => ({
    name: tag.tagName.text,
    text: (ts.getTextOfJSDocComment(tag.comment) ?? "").trim(),
    position: position + tag.getStart(source),
  }));
  return { position, description, tags };
}
