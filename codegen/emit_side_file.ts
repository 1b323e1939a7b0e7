import type { ProtocolFileIR, ProtocolIR } from "./ir.ts";
import { docComment, generatedHeader } from "./emit_doc.ts";

/**
 * The names a server or client file imports from its `<name>_protocol.ts`,
 * collected while its sections are emitted, so it imports exactly what it
 * uses (lint-clean, no unused imports).
 */
export class ProtocolImports {
  readonly #names = new Set<string>();

  /** Records a value import and returns the name, for use inline. */
  value(name: string): string {
    this.#names.add(name);
    return name;
  }

  /** Records a type-only import and returns the name, for use inline. */
  type(name: string): string {
    this.#names.add(`type ${name}`);
    return name;
  }

  /** The import statement of everything recorded. */
  statement(baseName: string): string {
    return `import { ${
      [...this.#names].sort().join(", ")
    } } from "./${baseName}_protocol.ts";\n`;
  }
}

/**
 * Assembles a server or client file: header, module doc ("<side> side of
 * <protocols>: <summary>"), the runtime import, the protocol file import and
 * one section per protocol.
 */
export function emitSideFile(
  file: ProtocolFileIR,
  side: "Server" | "Client",
  summary: string,
  runtimeImport: string,
  emitProtocol: (protocol: ProtocolIR, imports: ProtocolImports) => string,
): string {
  const imports = new ProtocolImports();
  const sections = file.protocols.map((protocol) =>
    emitProtocol(protocol, imports)
  );
  return [
    generatedHeader(file.sourcePath),
    docComment(
      `${side} side of ${
        file.protocols.map((p) => p.name).join(", ")
      }: ${summary}`,
      "",
      "@module",
    ),
    runtimeImport,
    imports.statement(file.baseName),
    ...sections,
  ].join("\n");
}
