import type { Field, NamedType, TypeNode } from "./ir.ts";
import { docComment } from "./emit_doc.ts";

/** The TypeScript type expression for an IR type. */
export function typeExpression(node: TypeNode): string {
  switch (node.kind) {
    case "string":
    case "number":
    case "boolean":
    case "null":
      return node.kind;
    case "literal":
      return JSON.stringify(node.value);
    case "array": {
      const element = typeExpression(node.element);
      return node.element.kind === "union" ? `(${element})[]` : `${element}[]`;
    }
    case "tuple":
      return `[${node.elements.map(typeExpression).join(", ")}]`;
    case "object":
      return objectBody(node.fields);
    case "record":
      return `Record<string, ${typeExpression(node.value)}>`;
    case "union":
      return node.variants.map(typeExpression).join(" | ");
    case "ref":
      return node.name;
  }
}

/**
 * A named type declaration: an interface for objects, an alias otherwise.
 * `alias` forces an alias (event maps need one: interfaces have no implicit
 * index signature, so they do not satisfy `EventMap`).
 */
export function typeDeclaration(
  name: string,
  node: TypeNode,
  doc: string,
  alias = false,
): string {
  const comment = docComment(doc);
  if (node.kind === "object" && !alias && node.fields.length > 0) {
    return `${comment}export interface ${name} ${objectBody(node.fields)}\n`;
  }
  return `${comment}export type ${name} = ${typeExpression(node)};\n`;
}

/** Declarations of the protocol's named types, in IR order (sorted by name). */
export function namedTypeDeclarations(types: readonly NamedType[]): string {
  return types.map((type) => typeDeclaration(type.name, type.type, type.doc))
    .join("\n");
}

function objectBody(fields: readonly Field[]): string {
  if (fields.length === 0) return "Record<string, never>";
  const lines = fields.map((field) =>
    `${docComment(field.doc)}${propertyName(field.name)}${
      field.optional ? "?" : ""
    }: ${typeExpression(field.type)};`
  );
  return `{\n${lines.join("\n")}\n}`;
}

function propertyName(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}
