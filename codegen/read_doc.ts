import type { Node, SourceFile } from "ts-morph";
import { CodegenError, CodegenErrorCode } from "./codegen_error.ts";
import type { ErrorCollector } from "./error_collector.ts";
import {
  type DocBlock,
  docBlocksBefore,
  docBlocksWithin,
  type DocTag,
} from "./read_doc_blocks.ts";
import { DOC_TAGS, GENERATOR_TAGS, tagTarget } from "./read_tags.ts";

/** The documentation and generator tags found in front of one node. */
export interface DocInfo {
  /** The JSDoc description, tags removed, trimmed. */
  readonly text: string;
  /** Generator tags by name, with their argument text. */
  readonly tags: ReadonlyMap<string, string>;
}

/** Where a JSDoc block sits, and which generator tags it may carry there. */
export interface DocPlace {
  /** The place in words, for messages: "an RPC". */
  readonly what: string;
  /** Whether constraint tags (`@maxLength`...) may go here. */
  readonly constraints: boolean;
  /** Whether `@replay` and `@forgets` may go here. */
  readonly messageTags: boolean;
  /** How to fix a constraint tag that may not go here. */
  readonly constraintFix?: string;
  /**
   * Whether the node is a declaration (protocol, interface, alias) whose
   * inner comments {@link DocReader.reportUnread} checks.
   */
  readonly declaration?: boolean;
}

/**
 * The places JSDoc tags are read from.
 *
 * @example Usage
 * ```ts
 * import { DocPlaces } from "./read_doc.ts";
 *
 * DocPlaces.rpc.constraints; // false: tags go on the request's fields
 * ```
 */
export const DocPlaces = {
  protocol: {
    what: "a protocol",
    constraints: false,
    messageTags: false,
    constraintFix: "put it on a field, a message or a type alias",
    declaration: true,
  },
  clientMessage: {
    what: "a client message",
    constraints: true,
    messageTags: true,
  },
  rpc: {
    what: "an RPC",
    constraints: false,
    messageTags: false,
    constraintFix: "put it on a field of the request or of the answer",
  },
  serverEvent: {
    what: "a server event",
    constraints: true,
    messageTags: false,
  },
  field: { what: "a field", constraints: true, messageTags: false },
  namedType: {
    what: "a type declaration",
    constraints: true,
    messageTags: false,
    declaration: true,
  },
} as const satisfies Record<string, DocPlace>;

const KNOWN_TAGS = [...GENERATOR_TAGS].map((tag) => "@" + tag).join(", ");

/**
 * Reads JSDoc tags wherever TypeScript puts them in front of a member or a
 * declaration, including the same-line form `room: Room; /** @minLength 1 *\/
 * text: string` that TypeScript itself attaches to nothing. Unknown tags and
 * tags in the wrong place are recorded as errors at the tag's
 * `file:line:column`, and {@link DocReader.reportUnread} reports tags in
 * comments that document nothing, so no tag is ever dropped silently.
 *
 * @example Usage
 * ```ts
 * import { Project } from "ts-morph";
 * import { ErrorCollector } from "./error_collector.ts";
 * import { DocPlaces, DocReader } from "./read_doc.ts";
 * import { sourceLocation } from "./source_location.ts";
 *
 * const file = new Project({ useInMemoryFileSystem: true }).createSourceFile(
 *   "chat.ts",
 *   "interface Say {\n  /** The message. @minLength 1 *\/\n  text: string;\n}",
 * );
 * const errors = new ErrorCollector();
 * const docs = new DocReader(errors, (source, at) => sourceLocation(source, at, "/"));
 * const field = file.getInterfaceOrThrow("Say").getPropertyOrThrow("text");
 * const { text, tags } = docs.read(field, DocPlaces.field);
 * text; // "The message."
 * tags.get("minLength"); // "1"
 * docs.reportUnread();
 * errors.throwIfAny();
 * ```
 */
export class DocReader {
  readonly #read = new Set<string>();
  readonly #declarations = new Map<string, Node>();
  readonly #errors: ErrorCollector;
  readonly #locate: (file: SourceFile, position: number) => string;

  /** `locate` renders a position as `file:line:column`. */
  constructor(
    errors: ErrorCollector,
    locate: (file: SourceFile, position: number) => string,
  ) {
    this.#errors = errors;
    this.#locate = locate;
  }

  /** The description and generator tags in front of `node`, at `place`. */
  read(node: Node, place: DocPlace): DocInfo {
    const file = node.getSourceFile();
    if (place.declaration) this.#declarations.set(this.#key(node), node);
    const texts: string[] = [];
    const tags = new Map<string, string>();
    for (const block of docBlocksBefore(node)) {
      // A file's leading `@module` block documents the file, not the node.
      if (block.tags.some((tag) => tag.name === "module")) continue;
      this.#read.add(this.#blockKey(file, block));
      if (block.description) texts.push(block.description);
      for (const tag of block.tags) {
        if (DOC_TAGS.has(tag.name)) continue;
        const problem = this.#misplaced(tag, place, file);
        if (problem) this.#errors.add(problem);
        else tags.set(tag.name, tag.text);
      }
    }
    return { text: texts.join("\n\n"), tags };
  }

  /**
   * Reports the generator tags (and unknown tags) in comments inside the
   * declarations read so far that are in front of nothing the generator
   * reads, such as `type A = /** @maxLength 3 *\/ string`: they would check
   * nothing.
   */
  reportUnread(): void {
    for (const declaration of this.#declarations.values()) {
      const file = declaration.getSourceFile();
      for (const block of docBlocksWithin(declaration)) {
        if (this.#read.has(this.#blockKey(file, block))) continue;
        for (const tag of block.tags) {
          if (DOC_TAGS.has(tag.name)) continue;
          this.#errors.add(
            GENERATOR_TAGS.has(tag.name)
              ? this.#error(
                file,
                tag,
                `@${tag.name} is not in front of a field, message or type alias, so it checks nothing`,
                "move the comment right before what it constrains, e.g. `/** @maxLength 20 */ text: string`",
              )
              : this.#unknown(file, tag),
          );
        }
      }
    }
  }

  #misplaced(
    tag: DocTag,
    place: DocPlace,
    file: SourceFile,
  ): CodegenError | undefined {
    if (!GENERATOR_TAGS.has(tag.name)) return this.#unknown(file, tag);
    if (tagTarget(tag.name) === "message") {
      if (place.messageTags) return undefined;
      return this.#error(
        file,
        tag,
        `@${tag.name} applies to client messages, not to ${place.what}`,
        "put @replay and @forgets on a client message that is not an RPC",
      );
    }
    if (place.constraints) return undefined;
    return this.#error(
      file,
      tag,
      `@${tag.name} cannot go on ${place.what}`,
      place.constraintFix ?? "remove the tag",
    );
  }

  #unknown(file: SourceFile, tag: DocTag): CodegenError {
    return this.#error(
      file,
      tag,
      `unknown JSDoc tag @${tag.name}`,
      `use one of ${KNOWN_TAGS}`,
    );
  }

  #error(
    file: SourceFile,
    tag: DocTag,
    problem: string,
    fix: string,
  ): CodegenError {
    return new CodegenError(
      CodegenErrorCode.BadTag,
      this.#locate(file, tag.position),
      problem,
      fix,
    );
  }

  #key(node: Node): string {
    return `${node.getSourceFile().getFilePath()}:${node.getStart()}`;
  }

  #blockKey(file: SourceFile, block: DocBlock): string {
    return `${file.getFilePath()}:${block.position}`;
  }
}
