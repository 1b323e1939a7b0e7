import {
  type InterfaceDeclaration,
  ModuleKind,
  ModuleResolutionKind,
  Node,
  Project,
  type PropertySignature,
  ScriptTarget,
  type SourceFile,
} from "ts-morph";
import { basename, relative, resolve } from "node:path";
import type { MessageIR, ProtocolFileIR, ProtocolIR, RpcIR } from "./ir.ts";
import { CodegenError, CodegenErrorCode } from "./codegen_error.ts";
import { ErrorCollector } from "./error_collector.ts";
import { isEmptyRecord, TypeReader } from "./read_type.ts";
import { type DocInfo, DocPlaces, DocReader } from "./read_doc.ts";
import { sourceLocation } from "./source_location.ts";
import { checkProtocolNames } from "./check_names.ts";

type Vocabulary = "Protocol" | "Rpc";

/**
 * Reads every protocol defined in the given definition files (absolute or
 * relative to `cwd`) with ts-morph and returns their IR, one entry per file
 * that defines at least one protocol. Files they import (shared types, other
 * directories) are read as needed. Reading goes on past a problem, so the
 * CodegenError it throws lists every problem of every file, by position.
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
  const errors = new ErrorCollector();
  const docs = new DocReader(
    errors,
    (file, position) => sourceLocation(file, position, cwd),
  );
  const result: ProtocolFileIR[] = [];
  for (const sourceFile of sourceFiles) {
    const protocols = sourceFile.getInterfaces()
      .filter((declaration) => protocolHeritage(declaration) !== undefined)
      .flatMap((declaration) =>
        errors.attempt(
          () => [
            readProtocol(declaration, new TypeReader(cwd, docs, errors), docs),
          ],
          [],
        )
      );
    if (protocols.length === 0) continue;
    result.push({
      sourcePath: relative(cwd, sourceFile.getFilePath()).replaceAll("\\", "/"),
      baseName: basename(sourceFile.getFilePath(), ".ts"),
      protocols,
    });
  }
  docs.reportUnread();
  errors.throwIfAny();
  return result;
}

function readProtocol(
  declaration: InterfaceDeclaration,
  reader: TypeReader,
  docs: DocReader,
): ProtocolIR {
  const errors = reader.errors;
  const location = reader.location(declaration);
  if (!declaration.isExported()) {
    errors.add(
      new CodegenError(
        CodegenErrorCode.BadProtocol,
        location,
        `the protocol ${declaration.getName()} is not exported`,
        "add `export` before `interface`",
      ),
    );
  }
  const doc = docs.read(declaration, DocPlaces.protocol);
  if (declaration.getTypeParameters().length > 0) {
    // Its members would only repeat the problem for every use of a parameter.
    throw new CodegenError(
      CodegenErrorCode.UnresolvedGeneric,
      location,
      `the protocol ${declaration.getName()} has type parameters`,
      "remove them; a protocol is concrete",
    );
  }
  const path = errors.attempt(() => protocolPath(declaration, reader), "/");
  const clientMessages: MessageIR[] = [];
  const rpcs: RpcIR[] = [];
  for (const member of sideMembers(declaration, "client", reader)) {
    errors.attempt(() => {
      const rpc = readRpc(member, reader, docs);
      if (rpc !== undefined) rpcs.push(rpc);
      else {
        clientMessages.push(
          readMessage(
            member,
            docs.read(member, DocPlaces.clientMessage),
            reader,
          ),
        );
      }
    }, undefined);
  }
  const serverEvents: MessageIR[] = [];
  for (const member of sideMembers(declaration, "server", reader)) {
    errors.attempt(() => {
      const doc = docs.read(member, DocPlaces.serverEvent);
      serverEvents.push(readMessage(member, doc, reader));
    }, undefined);
  }
  const sideLocation = (side: string) => {
    const property = declaration.getProperty(side);
    return property ? reader.location(property) : location;
  };
  const protocol: ProtocolIR = {
    name: declaration.getName(),
    path,
    doc: doc.text,
    clientMessages,
    rpcs,
    serverEvents,
    types: reader.namedTypes(),
    locations: {
      protocol: location,
      client: sideLocation("client"),
      server: sideLocation("server"),
    },
  };
  for (const error of checkProtocolNames(protocol, location)) errors.add(error);
  return protocol;
}

/** An RPC member (`name: Rpc<Request, Answer>`), or undefined for a message. */
function readRpc(
  member: PropertySignature,
  reader: TypeReader,
  docs: DocReader,
): RpcIR | undefined {
  const typeNode = member.getTypeNodeOrThrow();
  if (
    !Node.isTypeReference(typeNode) ||
    vocabularyOf(typeNode.getTypeName()) !== "Rpc"
  ) {
    return undefined;
  }
  const doc = docs.read(member, DocPlaces.rpc);
  const typeArguments = typeNode.getTypeArguments();
  if (typeArguments.length !== 2) {
    throw new CodegenError(
      CodegenErrorCode.BadProtocol,
      reader.location(member),
      "Rpc takes two type arguments",
      "write Rpc<Request, Response>",
    );
  }
  return {
    name: memberName(member),
    request: reader.read(typeArguments[0]),
    response: reader.read(typeArguments[1]),
    doc: doc.text,
    location: reader.location(member),
  };
}

function readMessage(
  member: PropertySignature,
  doc: DocInfo,
  reader: TypeReader,
): MessageIR {
  const typeTags = new Map(
    [...doc.tags].filter(([tag]) => tag !== "replay" && tag !== "forgets"),
  );
  const forgets = doc.tags.get("forgets");
  return {
    name: memberName(member),
    data: reader.read(member.getTypeNodeOrThrow(), typeTags),
    doc: doc.text,
    replay: doc.tags.has("replay"),
    ...(forgets === undefined ? {} : { forgets }),
    location: reader.location(member),
  };
}

/** A member's name as written, without the quotes of `"bid-now": ...`. */
function memberName(member: PropertySignature): string {
  const nameNode = member.getNameNode();
  return Node.isStringLiteral(nameNode)
    ? nameNode.getLiteralValue()
    : member.getName();
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

/**
 * The members of the protocol's `client` or `server` object type; a
 * malformed member is recorded and left out, so the others are still read.
 */
function sideMembers(
  declaration: InterfaceDeclaration,
  side: "client" | "server",
  reader: TypeReader,
): PropertySignature[] {
  const location = reader.location(declaration);
  const property = declaration.getProperty(side);
  const typeNode = property?.getTypeNode();
  if (typeNode !== undefined && isEmptyRecord(typeNode)) return [];
  if (
    property === undefined || typeNode === undefined ||
    !Node.isTypeLiteral(typeNode)
  ) {
    reader.errors.add(
      new CodegenError(
        CodegenErrorCode.BadProtocol,
        property ? reader.location(property) : location,
        `the protocol ${declaration.getName()} needs a \`${side}\` member listing its messages as an object type`,
        `write \`${side}: { name: { ...data } }\` (it may be empty: \`${side}: Record<string, never>\`)`,
      ),
    );
    return [];
  }
  const members: PropertySignature[] = [];
  for (const member of typeNode.getMembers()) {
    if (
      !Node.isPropertySignature(member) || member.getTypeNode() === undefined
    ) {
      reader.errors.add(
        new CodegenError(
          CodegenErrorCode.BadProtocol,
          reader.location(member),
          `every ${side} member must be a message with a type`,
          "write `name: { ...data }`",
        ),
      );
    } else if (member.hasQuestionToken()) {
      reader.errors.add(
        new CodegenError(
          CodegenErrorCode.BadProtocol,
          reader.location(member),
          "messages cannot be optional",
          "remove the `?`",
        ),
      );
    } else members.push(member);
  }
  return members;
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
