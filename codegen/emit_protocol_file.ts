import type { NamedType, ProtocolFileIR, ProtocolIR, TypeNode } from "./ir.ts";
import { docComment, generatedHeader } from "./emit_doc.ts";
import { namedTypeDeclarations, typeDeclaration } from "./emit_types.ts";
import { ValidatorEmitter } from "./emit_validators.ts";
import { generatedNames } from "./names.ts";

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
 * `types` are the named types of all the file's protocols, deduplicated.
 */
export function emitProtocolFile(
  file: ProtocolFileIR,
  types: readonly NamedType[],
  versions: ReadonlyMap<string, string>,
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
    sections.push(
      `${
        docComment(`Name, path and version of the ${protocol.name} protocol.`)
      }export const ${names.info}: {\nreadonly name: ${
        JSON.stringify(protocol.name)
      };\nreadonly path: ${JSON.stringify(protocol.path)};\nreadonly version: ${
        JSON.stringify(version)
      };\n} = {\nname: ${JSON.stringify(protocol.name)},\npath: ${
        JSON.stringify(protocol.path)
      },\nversion: ${JSON.stringify(version)},\n};\n`,
    );
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
    `import { ${imports.join(", ")} } from "@wiretype/wiretype/client";\n`,
    namedTypeDeclarations(types),
    ...sections,
    validators.hoisted(),
    ...validatorCode,
  ].filter((part) => part !== "").join("\n");
}

function stripType(name: string): string {
  return name.replace(/^type /, "");
}
