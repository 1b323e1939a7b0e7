import {
  type InterfaceDeclaration,
  ModuleKind,
  ModuleResolutionKind,
  Node,
  Project,
  ScriptTarget,
  type SourceFile,
  type TypeNode as TsTypeNode,
} from "ts-morph";
import { basename, relative, resolve } from "node:path";
import type { MessageIR, ProtocolFileIR, ProtocolIR, RpcIR } from "./ir.ts";
import { CodegenError, CodegenErrorCode } from "./codegen_error.ts";
import { isEmptyRecord, TypeReader } from "./read_type.ts";
import { readDoc } from "./read_tags.ts";
import { checkProtocolNames } from "./check_names.ts";

type Vocabulary = "Protocol" | "Rpc";

/**
 * Reads every protocol defined in the given definition files (absolute or
 * relative to `cwd`) with ts-morph and returns their IR, one entry per file
 * that defines at least one protocol. Files they import (shared types, other
 * directories) are read as needed.
 */
export function readProtocolFiles(
  files: readonly string[],
  cwd: string,
): ProtocolFileIR[] {
  const project = new Project({
    compilerOptions: {
      target: ScriptTarget.ESNext,
      module: ModuleKind.ESNext,
      moduleResolution: ModuleResolutionKind.Bundler,
      allowImportingTsExtensions: true,
      noEmit: true,
      strict: true,
      skipLibCheck: true,
    },
    skipAddingFilesFromTsConfig: true,
  });
  const sourceFiles = files.map((file) =>
    project.addSourceFileAtPath(resolve(cwd, file))
  );
  project.resolveSourceFileDependencies();
  const result: ProtocolFileIR[] = [];
  for (const sourceFile of sourceFiles) {
    const protocols = sourceFile.getInterfaces()
      .filter((declaration) => protocolHeritage(declaration) !== undefined)
      .map((declaration) => readProtocol(declaration, cwd));
    if (protocols.length === 0) continue;
    result.push({
      sourcePath: relative(cwd, sourceFile.getFilePath()).replaceAll("\\", "/"),
      baseName: basename(sourceFile.getFilePath(), ".ts"),
      protocols,
    });
  }
  return result;
}

function readProtocol(
  declaration: InterfaceDeclaration,
  cwd: string,
): ProtocolIR {
  const reader = new TypeReader(cwd);
  const location = reader.location(declaration);
  if (!declaration.isExported()) {
    throw new CodegenError(
      CodegenErrorCode.BadProtocol,
      location,
      `the protocol ${declaration.getName()} is not exported`,
      "add `export` before `interface`",
    );
  }
  if (declaration.getTypeParameters().length > 0) {
    throw new CodegenError(
      CodegenErrorCode.UnresolvedGeneric,
      location,
      `the protocol ${declaration.getName()} has type parameters`,
      "remove them; a protocol is concrete",
    );
  }
  const path = protocolPath(declaration, reader);
  const client = sideMembers(declaration, "client", reader);
  const server = sideMembers(declaration, "server", reader);
  const clientMessages: MessageIR[] = [];
  const rpcs: RpcIR[] = [];
  for (const member of client) {
    const typeNode = member.getTypeNodeOrThrow();
    const memberLocation = reader.location(member);
    const doc = readDoc(member, memberLocation);
    const rpcArguments = Node.isTypeReference(typeNode) &&
        vocabularyOf(typeNode.getTypeName()) === "Rpc"
      ? typeNode.getTypeArguments()
      : undefined;
    if (rpcArguments !== undefined) {
      if (rpcArguments.length !== 2) {
        throw new CodegenError(
          CodegenErrorCode.BadProtocol,
          memberLocation,
          "Rpc takes two type arguments",
          "write Rpc<Request, Response>",
        );
      }
      if (doc.tags.has("replay") || doc.tags.has("forgets")) {
        throw new CodegenError(
          CodegenErrorCode.BadTag,
          memberLocation,
          "@replay and @forgets apply to messages, not RPCs",
          "remove the tag",
        );
      }
      rpcs.push({
        name: member.getName(),
        request: reader.read(rpcArguments[0]),
        response: reader.read(rpcArguments[1]),
        doc: doc.text,
      });
    } else {
      clientMessages.push(readMessage(member.getName(), typeNode, doc, reader));
    }
  }
  const serverEvents = server.map((member) => {
    const doc = readDoc(member, reader.location(member));
    if (doc.tags.has("replay") || doc.tags.has("forgets")) {
      throw new CodegenError(
        CodegenErrorCode.BadTag,
        reader.location(member),
        "@replay and @forgets apply to client messages only",
        "remove the tag",
      );
    }
    return readMessage(
      member.getName(),
      member.getTypeNodeOrThrow(),
      doc,
      reader,
    );
  });
  const protocol: ProtocolIR = {
    name: declaration.getName(),
    path,
    doc: readDoc(declaration, location).text,
    clientMessages,
    rpcs,
    serverEvents,
    types: reader.namedTypes(),
  };
  checkProtocolNames(protocol, location);
  return protocol;
}

function readMessage(
  name: string,
  typeNode: TsTypeNode,
  doc: ReturnType<typeof readDoc>,
  reader: TypeReader,
): MessageIR {
  const typeTags = new Map(
    [...doc.tags].filter(([tag]) => tag !== "replay" && tag !== "forgets"),
  );
  const forgets = doc.tags.get("forgets");
  return {
    name,
    data: reader.read(typeNode, typeTags),
    doc: doc.text,
    replay: doc.tags.has("replay"),
    ...(forgets === undefined ? {} : { forgets }),
  };
}

function protocolHeritage(declaration: InterfaceDeclaration) {
  return declaration.getExtends().find((heritage) =>
    vocabularyOf(heritage.getExpression()) === "Protocol"
  );
}

function protocolPath(
  declaration: InterfaceDeclaration,
  reader: TypeReader,
): string {
  const heritage = protocolHeritage(declaration)!;
  const location = reader.location(heritage);
  const [argument] = heritage.getTypeArguments();
  const literal = argument && Node.isLiteralTypeNode(argument)
    ? argument.getLiteral()
    : undefined;
  const path = literal && Node.isStringLiteral(literal)
    ? literal.getLiteralValue()
    : undefined;
  if (path === undefined || !/^\/[A-Za-z0-9_\-./]*$/.test(path)) {
    throw new CodegenError(
      CodegenErrorCode.BadProtocol,
      location,
      'the protocol\'s path must be a string literal such as "/chat"',
      'write `extends Protocol<"/chat">`',
    );
  }
  return path;
}

function sideMembers(
  declaration: InterfaceDeclaration,
  side: "client" | "server",
  reader: TypeReader,
) {
  const location = reader.location(declaration);
  const property = declaration.getProperty(side);
  const typeNode = property?.getTypeNode();
  if (typeNode !== undefined && isEmptyRecord(typeNode)) return [];
  if (
    property === undefined || typeNode === undefined ||
    !Node.isTypeLiteral(typeNode)
  ) {
    throw new CodegenError(
      CodegenErrorCode.BadProtocol,
      property ? reader.location(property) : location,
      `the protocol ${declaration.getName()} needs a \`${side}\` member listing its messages as an object type`,
      `write \`${side}: { name: { ...data } }\` (it may be empty: \`${side}: Record<string, never>\`)`,
    );
  }
  return typeNode.getMembers().map((member) => {
    if (
      !Node.isPropertySignature(member) || member.getTypeNode() === undefined
    ) {
      throw new CodegenError(
        CodegenErrorCode.BadProtocol,
        reader.location(member),
        `every ${side} member must be a message with a type`,
        "write `name: { ...data }`",
      );
    }
    if (member.hasQuestionToken()) {
      throw new CodegenError(
        CodegenErrorCode.BadProtocol,
        reader.location(member),
        "messages cannot be optional",
        "remove the `?`",
      );
    }
    return member;
  });
}

/** Recognises `Protocol` and `Rpc` from wiretype's define module, however imported. */
function vocabularyOf(nameNode: Node): Vocabulary | undefined {
  const symbol = nameNode.getSymbol();
  if (symbol === undefined) return undefined;
  for (const declaration of symbol.getDeclarations()) {
    if (Node.isImportSpecifier(declaration)) {
      const module = declaration.getImportDeclaration()
        .getModuleSpecifierValue();
      if (/(^|[/:])define(\.ts)?$/.test(module)) {
        return asVocabulary(declaration.getName());
      }
    }
  }
  const target = symbol.isAlias() ? symbol.getAliasedSymbol() : symbol;
  const declaration = target?.getDeclarations()[0];
  if (declaration && isDefineFile(declaration.getSourceFile())) {
    return asVocabulary(target!.getName());
  }
  return undefined;
}

function isDefineFile(file: SourceFile): boolean {
  return basename(file.getFilePath()) === "define.ts";
}

function asVocabulary(name: string): Vocabulary | undefined {
  return name === "Protocol" || name === "Rpc" ? name : undefined;
}
