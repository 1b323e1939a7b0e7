import type { NamedType, ProtocolFileIR, ProtocolIR, TypeNode } from "./ir.ts";
import { docComment, generatedHeader } from "./emit_doc.ts";
import { literal } from "./emit_literal.ts";
import { namedTypeDeclarations, typeDeclaration } from "./emit_types.ts";
import { ValidatorEmitter } from "./emit_validators.ts";
import { generatedNames } from "./names.ts";
import { CODEGEN_RUNTIME } from "./runtime_specifier.ts";

/** A protocol's place in its record, as the protocol info carries it. */
export interface RevisionInfo {
  readonly revision: number;
  /** Versions of earlier revisions the server accepts. */
  readonly compatibleVersions: readonly string[];
  /** Versions the server refuses, with what broke them. */
  readonly incompatibleVersions: Readonly<Record<string, string>>;
}

/** A generated type of one message, with where its data comes from. */
export interface MessageType {
  readonly typeName: string;
  readonly node: TypeNode;
  readonly doc: string;
}

/** Every per-message type a protocol generates, in a fixed order. */
export function messageTypes(protocol: ProtocolIR): MessageType[] {
  const names = generatedNames(protocol);
  return [
    ...protocol.clientMessages.map((m) => ({
      typeName: names.clientMessage(m.name),
      node: m.data,
      doc: m.doc,
    })),
    ...protocol.rpcs.flatMap((r) => [
      {
        typeName: names.rpcRequest(r.name),
        node: r.request,
        doc: r.doc ? `Request of ${r.name}: ${r.doc}` : `Request of ${r.name}.`,
      },
      {
        typeName: names.rpcResponse(r.name),
        node: r.response,
        doc: `Answer of ${r.name}.`,
      },
    ]),
    ...protocol.serverEvents.map((e) => ({
      typeName: names.serverEvent(e.name),
      node: e.data,
      doc: e.doc,
    })),
  ];
}

/**
 * Emits `<name>_protocol.ts`: the types, validators and version of every
 * protocol in one definition file. Server and client files both import it;
 * it imports only the wire helpers, so a browser bundle stays small.
 * `types` are the named types of all the file's protocols, deduplicated;
 * `revisions` say which earlier versions each protocol's server accepts.
 */
export function emitProtocolFile(
  file: ProtocolFileIR,
  types: readonly NamedType[],
  versions: ReadonlyMap<string, string>,
  revisions: ReadonlyMap<string, RevisionInfo>,
): string {
  const byName = new Map(types.map((type) => [type.name, type.type]));
  const validators = new ValidatorEmitter((name) => byName.get(name));
  const sections: string[] = [];
  const validatorCode: string[] = types.map((type) =>
    validators.validator(type.name, type.type)
  );
  for (const protocol of file.protocols) {
    const names = generatedNames(protocol);
    const version = versions.get(protocol.name)!;
    sections.push(protocolInfo(protocol, names.info, version, revisions));
    for (const message of messageTypes(protocol)) {
      sections.push(
        typeDeclaration(message.typeName, message.node, message.doc),
      );
      validatorCode.push(validators.validator(message.typeName, message.node));
    }
    const events = protocol.serverEvents.map((event) =>
      `${docComment(event.doc)}${event.name}: ${names.serverEvent(event.name)};`
    );
    sections.push(
      `${
        docComment(`The events the ${protocol.name} server sends, by name.`)
      }export type ${names.serverEvents} = {\n${events.join("\n")}\n};\n`,
    );
  }
  const helperImports = [...validators.helpers].sort();
  const imports = [...helperImports, "type ValidationIssue"].sort((a, b) =>
    stripType(a).localeCompare(stripType(b))
  );
  const protocolNames = file.protocols.map((p) => `${p.name} (\`${p.path}\`)`)
    .join(", ");
  return [
    generatedHeader(file.sourcePath),
    docComment(
      `Types and validators of ${protocolNames}, shared by the generated server and client.`,
      "",
      "@module",
    ),
    `import { ${imports.join(", ")} } from "${CODEGEN_RUNTIME}";\n`,
    namedTypeDeclarations(types),
    ...sections,
    validators.hoisted(),
    ...validatorCode,
  ].filter((part) => part !== "").join("\n");
}

/**
 * The protocol info: name, path, version, and from the record the revision
 * and the earlier versions the server accepts or refuses.
 */
function protocolInfo(
  protocol: ProtocolIR,
  name: string,
  version: string,
  revisions: ReadonlyMap<string, RevisionInfo>,
): string {
  const record = revisions.get(protocol.name);
  const revision = record?.revision ?? 1;
  const json = JSON.stringify;
  return `${
    docComment(
      `Name, path, version and revision of the ${protocol.name} protocol, and the versions of its earlier revisions (gen/ has their record): the server accepts clients of the compatible ones and closes the others with 4409, naming what broke.`,
    )
  }export const ${name}: {
readonly name: ${json(protocol.name)};
readonly path: ${json(protocol.path)};
readonly version: ${json(version)};
readonly revision: ${revision};
readonly compatibleVersions: readonly string[];
readonly incompatibleVersions: { readonly [version: string]: string };
} = {
name: ${json(protocol.name)},
path: ${json(protocol.path)},
version: ${json(version)},
revision: ${revision},
compatibleVersions: ${literal(record?.compatibleVersions ?? [])},
incompatibleVersions: ${literal(record?.incompatibleVersions ?? {})},
};
`;
}

function stripType(name: string): string {
  return name.replace(/^type /, "");
}
