import {
  type EnumDeclaration,
  type InterfaceDeclaration,
  Node,
  type PropertySignature,
  SyntaxKind,
  type TypeAliasDeclaration,
  type TypeElementTypes,
  type TypeNode as TsTypeNode,
} from "ts-morph";
import type { Field, NamedType, TypeNode } from "./ir.ts";
import { CodegenError, CodegenErrorCode } from "./codegen_error.ts";
import type { ErrorCollector } from "./error_collector.ts";
import {
  arrayConstraints,
  hasTypeConstraints,
  numberConstraints,
  stringConstraints,
  tagTarget,
} from "./read_tags.ts";
import { DocPlaces, type DocReader } from "./read_doc.ts";
import { sourceLocation } from "./source_location.ts";
import { findDiscriminant } from "./discriminant.ts";

type Tags = ReadonlyMap<string, string>;
const NO_TAGS: Tags = new Map();

/** Why each unsupported keyword is refused, and what to write instead. */
const UNSUPPORTED_KEYWORDS: ReadonlyMap<SyntaxKind, [string, string]> = new Map(
  [
    [SyntaxKind.AnyKeyword, [
      "`any` cannot be validated",
      "name the exact type of the value",
    ]],
    [SyntaxKind.UnknownKeyword, [
      "`unknown` cannot be validated",
      "name the exact type of the value",
    ]],
    [SyntaxKind.UndefinedKeyword, [
      "`undefined` does not exist in JSON",
      "make the field optional with `?`, or use `null`",
    ]],
    [SyntaxKind.VoidKeyword, [
      "`void` does not exist in JSON",
      "use `null` for a message without data",
    ]],
    [SyntaxKind.NeverKeyword, ["`never` has no values", "remove the field"]],
    [SyntaxKind.BigIntKeyword, [
      "`bigint` does not exist in JSON",
      "use `number` or a `string` with @pattern",
    ]],
    [SyntaxKind.SymbolKeyword, [
      "`symbol` does not exist in JSON",
      "use a string literal type",
    ]],
    [SyntaxKind.ObjectKeyword, [
      "`object` says nothing about the fields",
      "declare an interface with the fields",
    ]],
  ],
);

/**
 * Converts ts-morph type nodes into IR type nodes, collecting the named
 * types (interfaces, aliases, enums) they reference, across files. A field
 * or named type that cannot be read is recorded in `errors` and reading goes
 * on, so one run reports every problem.
 */
export class TypeReader {
  readonly #named = new Map<string, { key: string; type?: NamedType }>();
  readonly #cwd: string;
  readonly #docs: DocReader;
  readonly #errors: ErrorCollector;

  constructor(cwd: string, docs: DocReader, errors: ErrorCollector) {
    this.#cwd = cwd;
    this.#docs = docs;
    this.#errors = errors;
  }

  /** Where problems are recorded. */
  get errors(): ErrorCollector {
    return this.#errors;
  }

  /** `file:line:column` of a node, the file relative to the working directory. */
  location(node: Node): string {
    return sourceLocation(node.getSourceFile(), node.getStart(), this.#cwd);
  }

  /** The named types read so far, sorted by name. */
  namedTypes(): NamedType[] {
    return [...this.#named.values()]
      .map((entry) => entry.type)
      .filter((type): type is NamedType => type !== undefined)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Looks a named type up (finished ones only), for discriminant detection. */
  resolve = (name: string): TypeNode | undefined =>
    this.#named.get(name)?.type?.type;

  /** Converts one type node; `tags` are the constraint tags of its field or alias. */
  read(node: TsTypeNode, tags: Tags = NO_TAGS): TypeNode {
    const location = this.location(node);
    if (Node.isParenthesizedTypeNode(node)) {
      return this.read(node.getTypeNode(), tags);
    }
    if (Node.isTypeOperatorTypeNode(node)) {
      if (node.getOperator() === SyntaxKind.ReadonlyKeyword) {
        return this.read(node.getTypeNode(), tags);
      }
      throw this.#unsupported(
        node,
        "`keyof` and `unique` types cannot be validated",
        "list the allowed values as a union of literals",
      );
    }
    const kind = node.getKind();
    if (kind === SyntaxKind.StringKeyword) {
      this.#onlyTags(tags, "string", location);
      return { kind: "string", constraints: stringConstraints(tags, location) };
    }
    if (kind === SyntaxKind.NumberKeyword) {
      this.#onlyTags(tags, "number", location);
      return { kind: "number", constraints: numberConstraints(tags, location) };
    }
    if (kind === SyntaxKind.BooleanKeyword) {
      this.#onlyTags(tags, undefined, location);
      return { kind: "boolean" };
    }
    if (kind === SyntaxKind.NullKeyword) return { kind: "null" };
    const keyword = UNSUPPORTED_KEYWORDS.get(kind);
    if (keyword) throw this.#unsupported(node, keyword[0], keyword[1]);
    if (Node.isLiteralTypeNode(node)) {
      this.#onlyTags(tags, undefined, location);
      return this.#literal(node);
    }
    if (Node.isArrayTypeNode(node)) {
      this.#onlyTags(tags, "array", location);
      return {
        kind: "array",
        element: this.read(node.getElementTypeNode()),
        constraints: arrayConstraints(tags, location),
      };
    }
    if (Node.isTupleTypeNode(node)) {
      this.#onlyTags(tags, undefined, location);
      return {
        kind: "tuple",
        elements: node.getElements().map((element) =>
          this.#tupleElement(element)
        ),
      };
    }
    if (Node.isTypeLiteral(node)) {
      this.#onlyTags(tags, undefined, location);
      return this.#members(node.getMembers(), location);
    }
    if (Node.isUnionTypeNode(node)) {
      return this.#union(node.getTypeNodes(), tags, location);
    }
    if (Node.isTypeReference(node)) {
      return this.#reference(node, tags, location);
    }
    if (Node.isFunctionTypeNode(node) || Node.isConstructorTypeNode(node)) {
      throw this.#unsupported(
        node,
        "functions cannot be sent over the wire",
        "send data, and handle it with a message or an RPC",
      );
    }
    if (Node.isIntersectionTypeNode(node)) {
      throw this.#unsupported(
        node,
        "intersection types (`A & B`) are not supported",
        "declare one interface that `extends` both",
      );
    }
    throw this.#unsupported(
      node,
      `the type form \`${node.getText()}\` is not supported`,
      "use string, number, boolean, null, literals, arrays, tuples, interfaces, unions or Record<string, T>",
    );
  }

  #literal(node: Node & { getLiteral(): Node }): TypeNode {
    const literal = node.getLiteral();
    if (Node.isStringLiteral(literal)) {
      return { kind: "literal", value: literal.getLiteralValue() };
    }
    if (Node.isNumericLiteral(literal)) {
      return { kind: "literal", value: literal.getLiteralValue() };
    }
    if (literal.getKind() === SyntaxKind.TrueKeyword) {
      return { kind: "literal", value: true };
    }
    if (literal.getKind() === SyntaxKind.FalseKeyword) {
      return { kind: "literal", value: false };
    }
    if (literal.getKind() === SyntaxKind.NullKeyword) return { kind: "null" };
    if (
      Node.isPrefixUnaryExpression(literal) &&
      literal.getOperatorToken() === SyntaxKind.MinusToken
    ) {
      const operand = literal.getOperand();
      if (Node.isNumericLiteral(operand)) {
        return { kind: "literal", value: -operand.getLiteralValue() };
      }
    }
    throw this.#unsupported(
      node,
      `the literal \`${node.getText()}\` is not supported`,
      "use a string, number, boolean or null literal",
    );
  }

  #tupleElement(element: TsTypeNode): TypeNode {
    if (Node.isNamedTupleMember(element)) {
      if (element.hasQuestionToken() || element.getDotDotDotToken()) {
        throw this.#unsupported(
          element,
          "optional and rest tuple elements are not supported",
          "use a fixed-length tuple or an array",
        );
      }
      return this.read(element.getTypeNode());
    }
    if (Node.isOptionalTypeNode(element) || Node.isRestTypeNode(element)) {
      throw this.#unsupported(
        element,
        "optional and rest tuple elements are not supported",
        "use a fixed-length tuple or an array",
      );
    }
    return this.read(element);
  }

  #members(members: readonly TypeElementTypes[], location: string): TypeNode {
    const indexSignatures = members.filter(Node.isIndexSignatureDeclaration);
    if (indexSignatures.length > 0) {
      const signature = indexSignatures[0];
      if (members.length > 1 || signature.getKeyType().getText() !== "string") {
        throw this.#unsupported(
          signature,
          "an index signature must be the only member and have string keys",
          "use Record<string, T> alone, or list the fields",
        );
      }
      return {
        kind: "record",
        value: this.read(signature.getReturnTypeNodeOrThrow()),
      };
    }
    const fields: Field[] = [];
    for (const member of members) {
      if (!Node.isPropertySignature(member)) {
        throw this.#unsupported(
          member,
          "methods cannot be sent over the wire",
          "declare data fields only",
        );
      }
      const field = this.#errors.attempt(() => this.#field(member), undefined);
      if (field !== undefined) fields.push(field);
    }
    const names = new Set<string>();
    for (const field of fields) {
      if (names.has(field.name)) {
        this.#errors.add(
          new CodegenError(
            CodegenErrorCode.NameClash,
            location,
            `the field "${field.name}" is declared twice`,
            "rename one of them",
          ),
        );
      }
      names.add(field.name);
    }
    return { kind: "object", fields };
  }

  #field(member: PropertySignature): Field {
    const location = this.location(member);
    const nameNode = member.getNameNode();
    if (!Node.isIdentifier(nameNode) && !Node.isStringLiteral(nameNode)) {
      throw this.#unsupported(
        member,
        "computed property names are not supported",
        "use a plain or quoted name",
      );
    }
    const typeNode = member.getTypeNode();
    if (typeNode === undefined) {
      throw new CodegenError(
        CodegenErrorCode.UnsupportedType,
        location,
        `the field "${member.getName()}" has no type`,
        "write its type, e.g. `name: string`",
      );
    }
    const doc = this.#docs.read(member, DocPlaces.field);
    return {
      name: Node.isStringLiteral(nameNode)
        ? nameNode.getLiteralValue()
        : nameNode.getText(),
      type: this.read(typeNode, doc.tags),
      optional: member.hasQuestionToken(),
      doc: doc.text,
      location,
    };
  }

  #union(parts: TsTypeNode[], tags: Tags, location: string): TypeNode {
    const variants: TypeNode[] = [];
    let tagsApplied = false;
    for (const part of parts) {
      const accepts = this.#acceptsTags(part, tags);
      tagsApplied ||= accepts;
      const variant = this.read(part, accepts ? tags : NO_TAGS);
      if (variant.kind === "union") variants.push(...variant.variants);
      else variants.push(variant);
    }
    // A tag no member can carry would silently check nothing.
    if (!tagsApplied && hasTypeConstraints(tags)) {
      this.#onlyTags(tags, undefined, location);
    }
    const discriminant = findDiscriminant(variants, this.resolve);
    return discriminant === undefined
      ? { kind: "union", variants }
      : { kind: "union", variants, discriminant };
  }

  /** In `string | null` with `@maxLength`, the tag applies to the string only. */
  #acceptsTags(part: TsTypeNode, tags: Tags): boolean {
    const kind = part.getKind();
    return (kind === SyntaxKind.StringKeyword &&
      [...tags.keys()].every((t) => tagTarget(t) === "string")) ||
      (kind === SyntaxKind.NumberKeyword &&
        [...tags.keys()].every((t) => tagTarget(t) === "number")) ||
      (Node.isArrayTypeNode(part) &&
        [...tags.keys()].every((t) => tagTarget(t) === "array")) ||
      Node.isTypeReference(part);
  }

  #reference(
    node: Node & { getTypeName(): Node; getTypeArguments(): TsTypeNode[] },
    tags: Tags,
    location: string,
  ): TypeNode {
    const name = node.getTypeName().getText();
    const args = node.getTypeArguments();
    if ((name === "Array" || name === "ReadonlyArray") && args.length === 1) {
      this.#onlyTags(tags, "array", location);
      return {
        kind: "array",
        element: this.read(args[0]),
        constraints: arrayConstraints(tags, location),
      };
    }
    if (name === "Record" && args.length === 2) {
      if (isEmptyRecord(node)) {
        this.#onlyTags(tags, undefined, location);
        return { kind: "object", fields: [] };
      }
      if (args[0].getKind() !== SyntaxKind.StringKeyword) {
        throw this.#unsupported(
          node,
          "only Record<string, T> is supported",
          "use string keys",
        );
      }
      this.#onlyTags(tags, undefined, location);
      return { kind: "record", value: this.read(args[1]) };
    }
    const declaration = this.#declarationOf(node.getTypeName(), name, location);
    refuseBuiltIn(declaration, name, location);
    if (args.length > 0) {
      throw new CodegenError(
        CodegenErrorCode.UnresolvedGeneric,
        location,
        `the generic type \`${node.getText()}\` cannot be resolved by the code generator`,
        "declare a concrete interface or alias without type parameters",
      );
    }
    if (Node.isEnumMember(declaration)) {
      this.#onlyTags(tags, undefined, location);
      return {
        kind: "literal",
        value: enumValue(declaration.getValue(), this.location(declaration)),
      };
    }
    const ref = this.#named_(declaration, name, location);
    return tags.size === 0
      ? ref
      : this.#inlineWithTags(ref.name, tags, location);
  }

  /** A field with tags on a referenced alias gets the alias's type with the tags merged in. */
  #inlineWithTags(name: string, tags: Tags, location: string): TypeNode {
    const target = this.resolve(name);
    if (target?.kind === "string") {
      this.#onlyTags(tags, "string", location);
      return {
        kind: "string",
        constraints: stringConstraints(tags, location, target.constraints),
      };
    }
    if (target?.kind === "number") {
      this.#onlyTags(tags, "number", location);
      return {
        kind: "number",
        constraints: numberConstraints(tags, location, target.constraints),
      };
    }
    if (target?.kind === "array") {
      this.#onlyTags(tags, "array", location);
      return {
        kind: "array",
        element: target.element,
        constraints: arrayConstraints(tags, location, target.constraints),
      };
    }
    throw new CodegenError(
      CodegenErrorCode.BadTag,
      location,
      `constraint tags cannot apply to ${name}, which is not a string, number or array`,
      "put the tags on the fields of the referenced type",
    );
  }

  #declarationOf(typeName: Node, name: string, location: string): Node {
    let symbol = typeName.getSymbol();
    // An unresolved name gets the checker's `unknown` symbol, without declarations.
    if (
      symbol === undefined ||
      (!symbol.isAlias() && symbol.getDeclarations().length === 0)
    ) {
      throw new CodegenError(
        CodegenErrorCode.UnresolvedType,
        location,
        `the type ${name} is not defined`,
        `declare it, or import it (\`import type { ${name} } from "./file.ts"\`)`,
      );
    }
    if (symbol.isAlias()) {
      const importedFrom = symbol.getDeclarations()[0]?.getFirstAncestorByKind(
        SyntaxKind.ImportDeclaration,
      )?.getModuleSpecifierValue();
      symbol = symbol.getAliasedSymbol();
      if (symbol === undefined || symbol.getDeclarations().length === 0) {
        throw new CodegenError(
          CodegenErrorCode.UnresolvedType,
          location,
          `the import of ${name}${
            importedFrom ? ` from "${importedFrom}"` : ""
          } cannot be resolved`,
          "check the file path (with its .ts extension) and that the file exports the type",
        );
      }
    }
    const declaration = symbol.getDeclarations()[0];
    if (Node.isTypeParameterDeclaration(declaration)) {
      throw new CodegenError(
        CodegenErrorCode.UnresolvedGeneric,
        location,
        `the type parameter ${name} cannot be resolved by the code generator`,
        "use concrete types in protocol definitions",
      );
    }
    return declaration;
  }

  #named_(
    declaration: Node,
    name: string,
    location: string,
  ): { kind: "ref"; name: string } {
    if (Node.isClassDeclaration(declaration)) {
      throw this.#unsupported(
        declaration,
        `the class ${name} cannot be sent over the wire`,
        "declare an interface with its data fields",
      );
    }
    if (
      !Node.isInterfaceDeclaration(declaration) &&
      !Node.isTypeAliasDeclaration(declaration) &&
      !Node.isEnumDeclaration(declaration)
    ) {
      throw new CodegenError(
        CodegenErrorCode.UnsupportedType,
        location,
        `${name} is not an interface, type alias or enum`,
        "declare it as one of those",
      );
    }
    if (
      !Node.isEnumDeclaration(declaration) &&
      declaration.getTypeParameters().length > 0
    ) {
      throw new CodegenError(
        CodegenErrorCode.UnresolvedGeneric,
        location,
        `the generic type ${name} cannot be resolved by the code generator`,
        "declare a concrete interface or alias without type parameters",
      );
    }
    // The declaration's own name, not the reference's text: `ns.Type` and
    // `import { Type as Alias }` must emit and validate `Type`.
    const ownName = declaration.getName();
    const key = this.location(declaration);
    const existing = this.#named.get(ownName);
    if (existing) {
      if (existing.key !== key) {
        throw new CodegenError(
          CodegenErrorCode.NameClash,
          location,
          `two different types are named ${ownName} (the other at ${existing.key})`,
          "rename one of them",
        );
      }
      return { kind: "ref", name: ownName };
    }
    const entry: { key: string; type?: NamedType } = { key };
    this.#named.set(ownName, entry);
    const doc = this.#docs.read(declaration, DocPlaces.namedType);
    entry.type = {
      name: ownName,
      // A type that cannot be read stands in as an empty object, so its
      // users are not reported again for its problem.
      type: this.#errors.attempt(
        () => this.#declarationType(declaration, doc.tags),
        { kind: "object", fields: [] },
      ),
      doc: doc.text,
      location: key,
    };
    return { kind: "ref", name: ownName };
  }

  #declarationType(
    declaration: InterfaceDeclaration | TypeAliasDeclaration | EnumDeclaration,
    tags: Tags,
  ): TypeNode {
    if (Node.isEnumDeclaration(declaration)) {
      this.#onlyTags(tags, undefined, this.location(declaration));
      const variants: TypeNode[] = declaration.getMembers().map((member) => ({
        kind: "literal",
        value: enumValue(member.getValue(), this.location(member)),
      }));
      return { kind: "union", variants };
    }
    if (Node.isTypeAliasDeclaration(declaration)) {
      const typeNode = declaration.getTypeNodeOrThrow();
      return this.read(typeNode, tags);
    }
    this.#onlyTags(tags, undefined, this.location(declaration));
    return this.#interfaceBody(declaration);
  }

  #interfaceBody(declaration: InterfaceDeclaration): TypeNode {
    const inherited: Field[] = [];
    for (const heritage of declaration.getExtends()) {
      const location = this.location(heritage);
      if (heritage.getTypeArguments().length > 0) {
        throw new CodegenError(
          CodegenErrorCode.UnresolvedGeneric,
          location,
          `extending the generic type \`${heritage.getText()}\` is not supported`,
          "extend a concrete interface",
        );
      }
      const base = this.#declarationOf(
        heritage.getExpression(),
        heritage.getExpression().getText(),
        location,
      );
      refuseBuiltIn(base, heritage.getExpression().getText(), location);
      const ref = this.#named_(
        base,
        heritage.getExpression().getText(),
        location,
      );
      const baseType = this.resolve(ref.name);
      if (baseType?.kind !== "object") {
        throw new CodegenError(
          CodegenErrorCode.UnsupportedType,
          location,
          `${ref.name} is not an object type and cannot be extended`,
          "extend an interface",
        );
      }
      inherited.push(...baseType.fields);
    }
    const own = this.#members(
      declaration.getMembers(),
      this.location(declaration),
    );
    if (own.kind !== "object") {
      if (inherited.length > 0) {
        throw this.#unsupported(
          declaration,
          "an interface with an index signature cannot extend another",
          "use Record<string, T> alone",
        );
      }
      return own;
    }
    const ownNames = new Set(own.fields.map((field) => field.name));
    return {
      kind: "object",
      fields: [
        ...inherited.filter((field) => !ownNames.has(field.name)),
        ...own.fields,
      ],
    };
  }

  #onlyTags(
    tags: Tags,
    target: "string" | "number" | "array" | undefined,
    location: string,
  ): void {
    for (const name of tags.keys()) {
      const tagKind = tagTarget(name);
      if (tagKind === "message") continue;
      if (tagKind !== target) {
        throw new CodegenError(
          CodegenErrorCode.BadTag,
          location,
          `@${name} applies to ${tagKind} types, not to ${
            target ?? "this type"
          }`,
          `remove @${name} or change the type to ${
            tagKind === "array" ? "an array" : tagKind
          }`,
        );
      }
    }
  }

  #unsupported(node: Node, problem: string, fix: string): CodegenError {
    return new CodegenError(
      CodegenErrorCode.UnsupportedType,
      this.location(node),
      problem,
      fix,
    );
  }
}

/** Date, Map, Uint8Array...: types declared in TypeScript's lib, not JSON data. */
function refuseBuiltIn(declaration: Node, name: string, location: string) {
  if (!declaration.getSourceFile().isInNodeModules()) return;
  throw new CodegenError(
    CodegenErrorCode.UnsupportedType,
    location,
    `${name} is a built-in JavaScript type, not JSON data`,
    name === "Date"
      ? "send the time as a `string` tagged @format date-time"
      : "declare an interface with the fields to send, or use Record<string, T> or an array",
  );
}

function enumValue(
  value: string | number | undefined,
  location: string,
): string | number {
  if (value === undefined) {
    throw new CodegenError(
      CodegenErrorCode.UnsupportedType,
      location,
      "the enum member has a computed value",
      "give it a string or number literal value",
    );
  }
  return value;
}

/**
 * `Record<string, never>`: the empty object, as lint-clean code writes it
 * (`{}` means "any non-null value" to TypeScript and deno lint).
 */
export function isEmptyRecord(node: Node): boolean {
  if (!Node.isTypeReference(node)) return false;
  const args = node.getTypeArguments();
  return node.getTypeName().getText() === "Record" && args.length === 2 &&
    args[0].getKind() === SyntaxKind.StringKeyword &&
    args[1].getKind() === SyntaxKind.NeverKeyword;
}
